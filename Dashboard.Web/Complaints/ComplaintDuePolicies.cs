using Dashboard.Grains.Center;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Complaints;

/// <summary>The due-time policy in force: the due times and calendar a manager set (kept by the settings grain, the
/// same on every host), else configuration's due times and an office week.</summary>
public sealed class ComplaintDuePolicies(IGrainFactory grains, IOptions<ComplaintOptions> options, CenterClock clock)
{
    public async Task<ComplaintDuePolicy> CurrentAsync()
    {
        var kept = await grains.GetGrain<ICenterSettingsGrain>(CenterSettingsGrain.Key).GetComplaintSettingsAsync();
        return new ComplaintDuePolicy(kept.Due ?? options.Value.ToRules(), kept.Calendar ?? WorkingCalendar.OfficeWeek, clock);
    }
}
