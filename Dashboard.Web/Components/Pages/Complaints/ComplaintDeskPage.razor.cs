using Dashboard.Grains.Complaints;
using Dashboard.Web.Complaints;
using Dashboard.Web.Localization;
using Dashboard.Web.Reports;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Web.Components.Pages.Complaints;

/// <summary>
/// The complaint desk for supervisors, managers and QC: every complaint, most urgent first (<see cref="ComplaintDue"/>),
/// filtered by status, severity, queue and words; re-read every few seconds (complaints are not in the live feed),
/// and each opened in a dialog with its history and the actions the reader may take.
/// </summary>
public partial class ComplaintDeskPage
{
    private static readonly (string Key, string Label)[] StatusFilters =
        [("open", "Complaints.Filter.Open"), ("done", "Complaints.Filter.Done"), ("all", "Complaints.Filter.All")];

    private static readonly TimeSpan Every = TimeSpan.FromSeconds(3);

    private IReadOnlyList<(ComplaintCase Case, ComplaintDueState Due)>? _rows;
    private ComplaintDuePolicy? _policy;
    private string _status = "open", _severity = "", _queue = "", _search = "";
    private DateTimeOffset _now;
    private ITimer? _timer;

    [Inject] private IComplaintDesk Desk { get; set; } = default!;

    [Inject] private ReportService Names { get; set; } = default!;

    [Inject] private CenterClock Clock { get; set; } = default!;

    [Inject] private TimeProvider Time { get; set; } = default!;

    [Inject] private IDialogService Dialogs { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "status")] public string? StatusParameter { get; set; }

    protected override void OnInitialized()
    {
        if (StatusParameter is "open" or "done" or "all")
            _status = StatusParameter;
    }

    private IEnumerable<(string Id, string Name)> Queues => Names.Queues();

    private bool Filtered => _severity != "" || _queue != "" || !string.IsNullOrWhiteSpace(_search);

    private List<(ComplaintCase Case, ComplaintDueState Due)> Shown => [.. (_rows ?? []).Where(r =>
        (_status switch { "open" => r.Case.IsOpen, "done" => !r.Case.IsOpen, _ => true })
        && (_severity == "" || ComplaintEndpoints.Severity(r.Case.Severity) == _severity)
        && (_queue == "" || r.Case.QueueId == _queue)
        && Matches(r.Case))];

    /// <summary>Every word in the id, category, customer, queue or owner (as the users page searches).</summary>
    private bool Matches(ComplaintCase c) => TextSearch.EveryWord(_search,
        [c.ComplaintId, c.Category, c.CustomerId, c.CallId, Names.QueueName(c.QueueId), c.AgentId, c.AgentId is { } a ? Names.AgentName(a) : null]);

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
            _timer = Time.CreateTimer(_ => _ = InvokeAsync(ReloadAsync), null, TimeSpan.Zero, Every);
    }

    private async Task ReloadAsync()
    {
        _policy = await Desk.PolicyAsync();
        _rows = await Desk.ListAsync();
        _now = Desk.Now;
        StateHasChanged();
    }

    private string DueText(ComplaintCase c, ComplaintDueState due) =>
        c.IsOpen ? L.ComplaintDue(due, _now, Clock) : L["Complaints.DoneAt", Format.Due(c.ClosedAt ?? c.ResolvedAt ?? c.LastStepAt, _now, Clock)];

    private async Task OpenAsync(string complaintId)
    {
        var dialog = await Dialogs.ShowAsync<ComplaintDialog>(L["Complaints.Details", complaintId],
            new DialogParameters<ComplaintDialog> { { d => d.ComplaintId, complaintId } },
            new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseButton = true });
        await dialog.Result;
        await ReloadAsync();
    }

    public void Dispose() => _timer?.Dispose();
}
