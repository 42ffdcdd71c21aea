using System.Text.Json;
using System.Text.Json.Serialization;
using Dashboard.Grains.Alerts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dashboard.Grains.Center;

/// <summary>
/// The one holder of the settings managers edit (key 0). Loads them from the store on activation, so a restart or
/// a move to another silo keeps them; on a change writes the store first, then pushes to the grains that use them:
/// the queue (its service level from then on) and the floor (alert levels from the next evaluation, the plan on
/// every screen). Agents and call shards read queue settings from their silo's <see cref="LiveQueueSettings"/>.
/// </summary>
[CollectionAgeLimit(AlwaysActive = true)]
public sealed class CenterSettingsGrain(
    CenterDirectory directory,
    IOptions<AlertLevels> configuredLevels,
    ICenterSettingsStore store,
    ILogger<CenterSettingsGrain> logger) : Grain, ICenterSettingsGrain
{
    public const long Key = 0;
    public const string QueuePrefix = "queue/";
    public const string QueueAlertsPrefix = "queue-alerts/";
    public const string AlertsKey = "alerts";
    public const string StaffingKey = "staffing-plan";
    public const string ComplaintDueKey = "complaint-due";
    public const string WorkingHoursKey = "working-hours";

    public static readonly JsonSerializerOptions Json = CreateJson();

    private ImmutableDictionary<string, QueueSettings> _queues = ImmutableDictionary<string, QueueSettings>.Empty.WithComparers(StringComparer.Ordinal);
    private ImmutableDictionary<string, QueueAlertRules> _queueAlerts = ImmutableDictionary<string, QueueAlertRules>.Empty.WithComparers(StringComparer.Ordinal);
    private AlertLevels _center = null!;
    private StaffingPlan _plan = StaffingPlan.Empty;
    private ComplaintSettings _complaints = new(null, null);
    // Starts somewhere new on each activation: caches compare for equality, so a reactivated grain is never mistaken
    // for an older version of itself.
    private long _version = DateTime.UtcNow.Ticks;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _center = configuredLevels.Value;
        foreach (var (key, json) in await store.LoadAsync(cancellationToken))
        {
            try
            {
                Load(key, json);
            }
            catch (Exception ex) when (ex is JsonException or NotSupportedException or ArgumentException)
            {
                // A document no longer readable must not keep the center from starting: it falls back to configuration.
                logger.LogWarning(ex, "Ignoring the kept setting {Key}: it cannot be read", key);
            }
        }
    }

    private void Load(string key, string json)
    {
        if (key.StartsWith(QueuePrefix, StringComparison.Ordinal))
            _queues = _queues.SetItem(key[QueuePrefix.Length..], Read<QueueSettings>(json));
        else if (key.StartsWith(QueueAlertsPrefix, StringComparison.Ordinal))
            _queueAlerts = _queueAlerts.SetItem(key[QueueAlertsPrefix.Length..], Read<QueueAlertRules>(json));
        else if (key == AlertsKey)
            _center = Read<AlertLevels>(json);
        else if (key == StaffingKey)
            _plan = Read<StaffingPlan>(json);
        else if (key == ComplaintDueKey)
            _complaints = _complaints with { Due = Read<ComplaintDueRules>(json) };
        else if (key == WorkingHoursKey)
            _complaints = _complaints with { Calendar = Read<WorkingCalendar>(json) };
    }

    private static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Json) ?? throw new JsonException($"{typeof(T).Name} is null");

    public Task<QueueSettings> GetQueueSettingsAsync(string queueId) => Task.FromResult(SettingsOf(queueId));

    public Task<QueueSettingsSet> GetChangedQueueSettingsAsync() => Task.FromResult(new QueueSettingsSet(_version, _queues));

    public Task<FloorSettings> GetFloorSettingsAsync() => Task.FromResult(FloorSettings());

    public async Task<QueueSettings> SetQueueSettingsAsync(string queueId, QueueSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var before = SettingsOf(queueId);
        await store.SaveAsync(QueuePrefix + queueId, JsonSerializer.Serialize(settings, Json));
        _queues = _queues.SetItem(queueId, settings);
        _version++;
        await GrainFactory.GetGrain<IQueueGrain>(queueId).SetSettingsAsync(settings);
        await PushToFloorAsync();
        return before;
    }

    public async Task<AlertLevels> SetAlertThresholdsAsync(AlertLevels center)
    {
        ArgumentNullException.ThrowIfNull(center);
        var before = _center;
        await store.SaveAsync(AlertsKey, JsonSerializer.Serialize(center, Json));
        _center = center;
        await PushToFloorAsync();
        return before;
    }

    public async Task<QueueAlertRules> SetQueueAlertRulesAsync(string queueId, QueueAlertRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var before = _queueAlerts.GetValueOrDefault(queueId) ?? QueueAlertRules.None;
        await store.SaveAsync(QueueAlertsPrefix + queueId, rules.IsEmpty ? null : JsonSerializer.Serialize(rules, Json));
        _queueAlerts = rules.IsEmpty ? _queueAlerts.Remove(queueId) : _queueAlerts.SetItem(queueId, rules);
        await PushToFloorAsync();
        return before;
    }

    public async Task<StaffingPlan> SetStaffingPlanAsync(StaffingPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var before = _plan;
        await store.SaveAsync(StaffingKey, JsonSerializer.Serialize(plan, Json));
        _plan = plan;
        await PushToFloorAsync();
        return before;
    }

    public Task<ComplaintSettings> GetComplaintSettingsAsync() => Task.FromResult(_complaints);

    public async Task<ComplaintDueRules?> SetComplaintDueAsync(ComplaintDueRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var before = _complaints.Due;
        await store.SaveAsync(ComplaintDueKey, JsonSerializer.Serialize(rules, Json));
        _complaints = _complaints with { Due = rules };
        return before;
    }

    public async Task<WorkingCalendar?> SetWorkingCalendarAsync(WorkingCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var before = _complaints.Calendar;
        await store.SaveAsync(WorkingHoursKey, JsonSerializer.Serialize(calendar, Json));
        _complaints = _complaints with { Calendar = calendar };
        return before;
    }

    private QueueSettings SettingsOf(string queueId) => _queues.GetValueOrDefault(queueId) ?? directory.QueueSettings(queueId);

    private FloorSettings FloorSettings() => new(new AlertThresholds(_center, _queueAlerts), _plan, _queues);

    private Task PushToFloorAsync() => GrainFactory.GetGrain<IFloorGrain>(GrainKeys.Floor).SetSettingsAsync(FloorSettings());

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}

/// <summary>Keeps settings in memory only: the grain tests' store, and a host with no database.</summary>
public sealed class InMemorySettingsStore : ICenterSettingsStore
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _kept = new(StringComparer.Ordinal);

    public Task<IReadOnlyDictionary<string, string>> LoadAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>(_kept, StringComparer.Ordinal));

    public Task SaveAsync(string key, string? json, CancellationToken cancellationToken = default)
    {
        if (json is null)
            _kept.TryRemove(key, out _);
        else
            _kept[key] = json;
        return Task.CompletedTask;
    }
}
