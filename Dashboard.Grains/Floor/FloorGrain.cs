using Dashboard.Grains.Alerts;
using Dashboard.Grains.Durability;
using Dashboard.Grains.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Orleans.Utilities;

namespace Dashboard.Grains.Floor;

/// <summary>
/// The floor aggregate: the latest snapshot of every queue and agent, staffing per queue, the SLA alerts, and
/// the live publication to each web host — what changed, every <see cref="LiveOptions.PublishInterval"/>, and a
/// heartbeat when nothing did.
/// </summary>
[CollectionAgeLimit(AlwaysActive = true)]
public sealed class FloorGrain(
    CenterDirectory directory,
    CenterClock clock,
    IOptions<LiveOptions> live,
    IOptions<AlertLevels> configuredLevels,
    [PersistentState("alerts", GrainStorageNames.Live)] IPersistentState<AlertMemory> memory,
    ILogger<FloorGrain> logger) : LiveGrain, IFloorGrain
{
    // Kept alerts are not judged on a floor still filling (a host replaying its journal, or the floor just
    // reactivated on another silo): they stand as they were until the catch-up ends, or this long at most.
    private static readonly TimeSpan LongestHold = TimeSpan.FromMinutes(2);
    private long _alertsHeldUntilMs;
    private readonly Dictionary<string, QueueSnapshot> _queues = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AgentSnapshot> _agents = new(StringComparer.Ordinal);
    private readonly Staffing _staffing = new();
    private readonly HashSet<string> _changedQueues = new(StringComparer.Ordinal);
    private readonly HashSet<string> _changedAgents = new(StringComparer.Ordinal);
    private readonly AlertEngine _alertEngine = new(configuredLevels.Value);
    private readonly DepartmentAlerts _department = new();
    private readonly ObserverManager<IFloorObserver> _observers = new(TimeSpan.FromMinutes(1), logger);
    private ImmutableArray<Alert> _alerts = [];
    private readonly Dictionary<string, (string By, DateTimeOffset At)> _acknowledged = new(StringComparer.Ordinal);
    private bool _alertsChanged;
    private FloorSettings _settings = null!;
    private bool _settingsChanged;
    private long _sequence;
    // Publication cadence is infrastructure time, not the center's (possibly simulated) clock.
    private long _lastPublishedMs = long.MinValue / 2;
    private DateTime? _oldestUnpublished;

    protected override async Task ActivateAsync(CancellationToken cancellationToken)
    {
        _settings = await GrainFactory.GetGrain<ICenterSettingsGrain>(CenterSettingsGrain.Key).GetFloorSettingsAsync();
        _alertEngine.Thresholds = _settings.Alerts;
        if (memory.RecordExists)
        {
            _alertEngine.Restore(memory.State.Raised);
            _department.Restore(memory.State.Department ?? [], clock.Now);
            foreach (var ack in memory.State.Acknowledged)
                _acknowledged[ack.AlertId] = (ack.By, ack.At);
            _alerts = WithAcknowledgements([.. _alertEngine.Active, .. memory.State.Department ?? []]);
            _alertsHeldUntilMs = Environment.TickCount64 + (long)LongestHold.TotalMilliseconds;
        }
        var now = clock.Now;
        foreach (var queue in directory.Queues)
        {
            _queues[queue.Id] = EmptyQueue(queue.Id, now);
        }
        foreach (var agent in directory.Agents)
        {
            Store(new AgentSnapshot(
                agent.Id, agent.Name ?? agent.Id, agent.Team ?? "", AgentState.Offline, null, DateTimeOffset.MinValue,
                null, null, false, [.. agent.Queues.Distinct(StringComparer.Ordinal)], AgentToday.Empty, 0, now,
                SkillLevels.For(agent.Queues, null, null)));
        }
        var options = live.Value;
        this.RegisterGrainTimer(PublishAsync, new GrainTimerCreationOptions(options.PublishInterval, options.PublishInterval));
        this.RegisterGrainTimer(EvaluateAlerts, new GrainTimerCreationOptions(options.AlertInterval, options.AlertInterval));
    }

    public async Task ApplyAsync(
        ImmutableArray<QueueSnapshot> queues, ImmutableArray<AgentSnapshot> agents, DateTime? receivedAtUtc)
    {
        if (receivedAtUtc is { } received && (_oldestUnpublished is null || received < _oldestUnpublished))
        {
            _oldestUnpublished = received;
        }
        foreach (var agent in agents)
        {
            TakeIfNewer(agent);
        }
        foreach (var queue in queues)
        {
            TakeIfNewer(queue);
        }
        // Leading edge: after a quiet spell the change goes out at once; within an interval of the last
        // publication the timer picks it up, so screens still get at most one delta per interval.
        if (Environment.TickCount64 - _lastPublishedMs >= live.Value.PublishInterval.TotalMilliseconds)
        {
            await PublishAsync(CancellationToken.None);
        }
    }

    public override Task<Immutable<byte[]>> CaptureAsync() =>
        Task.FromResult(this.Write(new FloorGrainState([.. _queues.Values], [.. _agents.Values])));

    /// <remarks>
    /// The kept snapshots are taken as if they had just arrived, so one a queue or agent sent this activation since
    /// (a newer version) stands. Staffing is counted again as the agents are stored; the alerts stay as activation
    /// loaded them from their own state (<see cref="AlertMemory"/>). What was taken is marked changed, so it goes
    /// out in the next delta as after a fresh start.
    /// </remarks>
    public override Task RestoreAsync(Immutable<byte[]> state)
    {
        var kept = this.Read<FloorGrainState>(state);
        foreach (var queue in kept.Queues)
        {
            TakeIfNewer(queue);
        }
        foreach (var agent in kept.Agents)
        {
            TakeIfNewer(agent);
        }
        return Task.CompletedTask;
    }

    // Moving to another silo (a host shutting down), the floor takes its listeners along: every host's live feed
    // keeps receiving without waiting for its next renewal; the new sequence makes each reload once.
    private const string ObserversKey = "dashboard.floor.observers";

    protected override void OnMoving(IDehydrationContext context) => context.TryAddValue(ObserversKey, _observers.ToArray());

    protected override void OnMoved(IRehydrationContext context)
    {
        if (context.TryGetValue(ObserversKey, out IFloorObserver[]? observers) && observers is not null)
        {
            foreach (var observer in observers)
            {
                _observers.Subscribe(observer, observer);
            }
        }
    }

    public Task<FloorState> GetStateAsync() => Task.FromResult(new FloorState(
        _sequence, clock.Now, [.. _queues.Keys.Select(WithStaffing)], [.. _agents.Values], _alerts) { Settings = _settings });

    public Task<QueueSnapshot?> GetQueueAsync(string queueId) =>
        Task.FromResult(_queues.ContainsKey(queueId) ? WithStaffing(queueId) : null);

    public Task<AgentSnapshot?> GetAgentAsync(string agentId) => Task.FromResult(_agents.GetValueOrDefault(agentId));

    public Task SubscribeAsync(IFloorObserver observer)
    {
        _observers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task UnsubscribeAsync(IFloorObserver observer)
    {
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    public Task SetSettingsAsync(FloorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _alertEngine.Thresholds = settings.Alerts;
        _settingsChanged = true;
        return Task.CompletedTask;
    }

    private void TakeIfNewer(QueueSnapshot queue)
    {
        if (!_queues.TryGetValue(queue.QueueId, out var held) || held.Version < queue.Version)
        {
            _queues[queue.QueueId] = queue;
            _changedQueues.Add(queue.QueueId);
        }
    }

    private void TakeIfNewer(AgentSnapshot agent)
    {
        if (!_agents.TryGetValue(agent.AgentId, out var held) || held.Version < agent.Version)
        {
            Store(agent);
        }
    }

    private void Store(AgentSnapshot agent)
    {
        _agents.TryGetValue(agent.AgentId, out var before);
        _agents[agent.AgentId] = agent;
        _changedAgents.Add(agent.AgentId);
        foreach (var queueId in _staffing.Replace(before, agent))
        {
            if (!_queues.ContainsKey(queueId))
            {
                _queues[queueId] = EmptyQueue(queueId, agent.AsOf);
            }
            _changedQueues.Add(queueId);
        }
    }

    private QueueSnapshot WithStaffing(string queueId) => _queues[queueId] with { Agents = _staffing.For(queueId) };

    private QueueSnapshot EmptyQueue(string queueId, DateTimeOffset now)
    {
        var settings = _settings.Queues.GetValueOrDefault(queueId) ?? directory.QueueSettings(queueId);
        return new QueueSnapshot(
            queueId, directory.QueueName(queueId), directory.QueueChannel(queueId), 0, 0, null, AgentCounts.None,
            WindowFigures.Empty, WindowFigures.Empty, 0, settings.ServiceLevelTarget,
            settings.ServiceLevelThresholdSeconds, settings, 0, now);
    }

    private async Task EvaluateAlerts(CancellationToken cancellationToken)
    {
        if (Environment.TickCount64 < _alertsHeldUntilMs)
        {
            return;
        }
        var now = clock.Now;
        var alerts = WithAcknowledgements([.. _alertEngine.Evaluate([.. _queues.Keys.Select(WithStaffing)], _agents.Values, now), .. _department.Evaluate(now)]);
        if (!alerts.SequenceEqual(_alerts))
        {
            _alerts = alerts;
            _alertsChanged = true;
            await KeepAlertsAsync();
        }
    }

    public Task CatchingUpAsync(bool catchingUp)
    {
        _alertsHeldUntilMs = catchingUp ? Environment.TickCount64 + (long)LongestHold.TotalMilliseconds : 0;
        return Task.CompletedTask;
    }

    private async Task KeepAlertsAsync()
    {
        memory.State = new AlertMemory
        {
            Raised = _alertEngine.Export(),
            Department = _department.Export(),
            Acknowledged = [.. _acknowledged.Select(a => new AlertAcknowledgement(a.Key, a.Value.By, a.Value.At))],
        };
        try
        {
            await memory.WriteStateAsync();
        }
        catch (Exception ex)
        {
            // The live alerts go on; only what a restart would remember of them is behind, until the next change.
            logger.LogWarning(ex, "Keeping the floor's alerts failed");
        }
    }

    public Task SetDepartmentAlertsAsync(string source, ImmutableArray<Alert> alerts)
    {
        _department.Set(source, alerts, clock.Now);
        return Task.CompletedTask;
    }

    public async Task<Alert?> AcknowledgeAsync(string alertId, string by)
    {
        if (!_alerts.Any(a => a.Id == alertId && a.ClearedAt is null))
        {
            return null;
        }
        _acknowledged[alertId] = (by, clock.Now);
        _alerts = WithAcknowledgements(_alerts);
        _alertsChanged = true;
        await KeepAlertsAsync();
        await PublishAsync(CancellationToken.None);
        return _alerts.First(a => a.Id == alertId);
    }

    // An acknowledgement lasts as long as its alert: once it clears (or is gone), a new raise needs a new one.
    private ImmutableArray<Alert> WithAcknowledgements(ImmutableArray<Alert> alerts)
    {
        if (_acknowledged.Count == 0)
        {
            return alerts;
        }
        foreach (var id in _acknowledged.Keys.Where(id => !alerts.Any(a => a.Id == id && a.ClearedAt is null)).ToList())
        {
            _acknowledged.Remove(id);
        }
        return [.. alerts.Select(a => _acknowledged.TryGetValue(a.Id, out var ack) && a.ClearedAt is null
            ? a with { AcknowledgedBy = ack.By, AcknowledgedAt = ack.At }
            : a)];
    }

    private async Task PublishAsync(CancellationToken cancellationToken)
    {
        var now = clock.Now;
        var anything = _changedQueues.Count > 0 || _changedAgents.Count > 0 || _alertsChanged || _settingsChanged;
        if (!anything && Environment.TickCount64 - _lastPublishedMs < live.Value.HeartbeatInterval.TotalMilliseconds)
        {
            return;
        }
        var delta = new FloorDelta(
            ++_sequence, now,
            [.. _changedQueues.Select(WithStaffing)],
            [.. _changedAgents.Select(id => _agents[id])],
            _alerts) { Settings = _settingsChanged ? _settings : null };
        _settingsChanged = false;
        _changedQueues.Clear();
        _changedAgents.Clear();
        _alertsChanged = false;
        _lastPublishedMs = Environment.TickCount64;
        LiveMetrics.DeltasPublished.Add(1);
        LiveMetrics.SnapshotsPublished.Add(delta.Queues.Length + delta.Agents.Length);
        if (_oldestUnpublished is { } oldest)
        {
            LiveMetrics.EventToPush.Record((DateTime.UtcNow - oldest).TotalMilliseconds);
            _oldestUnpublished = null;
        }
        _observers.ClearExpired();
        await _observers.Notify(observer => observer.OnFloorChangedAsync(delta));
    }
}

/// <summary>
/// What a checkpoint keeps of the floor: the latest snapshot of every queue and agent. The rest is not kept here:
/// staffing follows from the agents, the alerts have their own state (<see cref="AlertMemory"/>), the settings come
/// from the settings grain, and the delta sequence numbers one activation's stream to the observers it has.
/// </summary>
[GenerateSerializer, Immutable, Alias("FloorGrainState")]
public sealed record FloorGrainState(
    [property: Id(0)] ImmutableArray<QueueSnapshot> Queues,
    [property: Id(1)] ImmutableArray<AgentSnapshot> Agents);
