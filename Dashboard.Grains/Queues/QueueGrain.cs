using Dashboard.Grains.Durability;
using Dashboard.Grains.Ingestion;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dashboard.Grains.Queues;

/// <summary>
/// One queue's contacts and figures. Besides the batches it is sent, it refreshes itself every second so the
/// floor sees the rolling 30-minute window slide and today's counters reset at the day start with no event.
/// </summary>
[CollectionAgeLimit(AlwaysActive = true)]
public sealed class QueueGrain(
    CenterDirectory directory,
    CenterClock clock,
    IOptions<LiveOptions> live,
    IOptions<IngestionOptions> ingestion,
    ILogger<QueueGrain> logger)
    : LiveGrain, IQueueGrain
{
    private QueueLedger _ledger = null!;
    private string _name = "";
    private Channel _channel;
    private QueueSnapshot? _published;
    private long _version;
    private readonly Watermark _watermark = new(ingestion.Value.SettleTime, clock.Time);

    private string QueueId => this.GetPrimaryKeyString();

    protected override async Task ActivateAsync(CancellationToken cancellationToken)
    {
        // The settings in force come from the settings grain (a manager's change survives this grain moving silo).
        var settings = await GrainFactory.GetGrain<ICenterSettingsGrain>(CenterSettingsGrain.Key).GetQueueSettingsAsync(QueueId);
        _ledger = new QueueLedger(settings, clock);
        _name = directory.QueueName(QueueId);
        _channel = directory.QueueChannel(QueueId);
        if (!directory.IsConfiguredQueue(QueueId))
        {
            logger.LogInformation("Queue {QueueId} was not configured; created on first sight with default settings", Telemetry.LogText.Safe(QueueId));
        }
        var period = live.Value.QueueRefreshPeriod;
        this.RegisterGrainTimer(RefreshAsync, new GrainTimerCreationOptions(period, period) { Interleave = false });
    }

    public Task<QueueSnapshot> ApplyAsync(QueueBatch batch)
    {
        var now = clock.Now;
        _watermark.NextBatch();
        foreach (var update in batch.Visits)
        {
            if (!directory.IsConfiguredQueue(QueueId) && update.Visits.FirstOrDefault() is { } first)
            {
                _channel = first.Channel;
            }
            _ledger.Apply(update);
            foreach (var visit in update.Visits.IsDefault ? [] : update.Visits)
            {
                _watermark.Advance(visit.LeftAt ?? visit.EnqueuedAt, now);
            }
        }
        foreach (var handled in batch.Handled)
        {
            _ledger.Apply(handled);
            _watermark.Advance(handled.CompletedAt, now);
        }
        foreach (var complaint in batch.Complaints)
        {
            _ledger.Apply(complaint);
        }
        _published = Snapshot(now);
        return Task.FromResult(_published);
    }

    public override Task<Immutable<byte[]>> CaptureAsync() => Task.FromResult(this.Write(new QueueGrainState(
        _ledger.Capture(), _name, _channel, _version, _watermark.Capture(), _published)));

    public override Task RestoreAsync(Immutable<byte[]> state)
    {
        var kept = this.Read<QueueGrainState>(state);
        _ledger = QueueLedger.Restore(kept.Ledger, clock);
        (_name, _channel, _version, _published) = (kept.Name, kept.Channel, kept.Version, kept.Published);
        _watermark.Restore(kept.Watermark);
        return Task.CompletedTask;
    }

    public Task<QueueSnapshot> GetSnapshotAsync() => Task.FromResult(Snapshot(clock.Now));

    public async Task<QueueSnapshot> SetSettingsAsync(QueueSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        // What was counted stays as it was judged (KPI.md: the window is not recomputed); the ratios and the
        // contacts that leave the queue from now on follow the new settings.
        _ledger.Settings = settings;
        _published = Snapshot(clock.Now);
        await GrainFactory.GetGrain<IFloorGrain>(GrainKeys.Floor).ApplyAsync([_published], [], null);
        return _published;
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var now = clock.Now;
        // Facts about a contact come while its shard or an agent still holds its detail (one reorder window);
        // twice that is a safe margin before the queue lets go of what it counted for it — once that horizon has
        // also settled on the clock, for facts still in flight when event time races (a replay counted a call twice).
        _ledger.Forget(_watermark.SettledBehind(2 * ingestion.Value.ReorderWindow));
        var fresh = Snapshot(now);
        if (_published is not null && SameFigures(_published, fresh))
        {
            return;
        }
        _published = fresh;
        await GrainFactory.GetGrain<IFloorGrain>(GrainKeys.Floor).ApplyAsync([fresh], [], null);
    }

    private static bool SameFigures(QueueSnapshot a, QueueSnapshot b) =>
        a.Waiting == b.Waiting && a.OldestWaitingSince == b.OldestWaitingSince && a.Today == b.Today
        && a.Last30m == b.Last30m && a.ComplaintsOpen == b.ComplaintsOpen && a.Settings == b.Settings;

    private QueueSnapshot Snapshot(DateTimeOffset now)
    {
        var settings = _ledger.Settings;
        return new QueueSnapshot(
            QueueId, _name, _channel, _ledger.Waiting,
            _ledger.OldestWaitingSince is { } oldest ? Math.Max(0, (now - oldest).TotalSeconds) : 0,
            _ledger.OldestWaitingSince, AgentCounts.None, _ledger.Today(now), _ledger.Last30Minutes(now),
            _ledger.ComplaintsOpen, settings.ServiceLevelTarget, settings.ServiceLevelThresholdSeconds, settings,
            Versions.Next(ref _version), now);
    }
}

/// <summary>
/// What a checkpoint keeps of a queue: its ledger, the name, channel and settings as held (a queue created on first
/// sight learnt its channel from its first contact), its watermark (how far it may let go of detail), and what it
/// last published, so a restored queue does not publish the same figures again.
/// </summary>
/// <param name="Version">The last snapshot version: versions go on from it even on a host whose clock is behind.</param>
[GenerateSerializer, Immutable, Alias("QueueGrainState")]
public sealed record QueueGrainState(
    [property: Id(0)] QueueLedgerState Ledger,
    [property: Id(1)] string Name,
    [property: Id(2)] Channel Channel,
    [property: Id(3)] long Version,
    [property: Id(4)] WatermarkState Watermark,
    [property: Id(5)] QueueSnapshot? Published);
