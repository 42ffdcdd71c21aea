using Dashboard.Web.Management;
using Dashboard.Grains.Ingestion;
using Dashboard.Web.Live;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Simulation;

/// <summary>
/// Runs the <see cref="AcdModel"/> against the injected clock: every tick it advances the model to now and sends
/// what happened through <see cref="IEventSink"/> in one batch. Routing follows the live queue assignments of
/// <see cref="ILiveFeed"/> when one is registered. A failing batch is kept and sent again next tick (ids make
/// that harmless); a failing tick is logged and the simulator carries on. As the center's ACD it also carries
/// out supervisors' desk commands (<see cref="IAcdControl"/>), at the next tick.
/// </summary>
public sealed partial class AcdSimulator(
    IEventSink sink,
    IOptions<SimulatorOptions> options,
    IOptions<CenterOptions> center,
    CenterClock clock,
    TimeProvider time,
    IServiceProvider services,
    ILogger<AcdSimulator> logger) : BackgroundService, IAcdControl
{
    private readonly System.Threading.Channels.Channel<(DeskCommand Command, TaskCompletionSource<DeskResult> Done)> _commands =
        System.Threading.Channels.Channel.CreateUnbounded<(DeskCommand, TaskCompletionSource<DeskResult>)>();

    /// <summary>Events kept for resending while the pipeline fails; the oldest go beyond this.</summary>
    internal const int MaxPendingEvents = 100_000;

    private const int MaxBatch = 10_000;

    private readonly List<CenterEvent> _pending = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        // After a restart the journal brings back what the last run played: warming up again would play a
        // second half hour over it, so the center carries on from now.
        var catchUp = services.GetService<Durability.CatchUp>();
        if (catchUp is not null)
            await catchUp.Completed.WaitAsync(stoppingToken);
        var warmUp = catchUp is { EventsReplayed: > 0 } ? TimeSpan.Zero : options.Value.WarmUp;
        // The last run's callers did not wait through the restart: its contacts in flight end now, or they would
        // wait on the wall-board for ever.
        _inFlightFile = services.GetService<IConfiguration>() is { } configuration
            ? Hosting.DataDirectory.PathOf(configuration, "simulator.calls.json") : null;
        if (catchUp is { EventsReplayed: > 0 })
            await EndLastRunAsync(stoppingToken);
        var settings = options.Value;
        var feed = services.GetService<ILiveFeed>();
        var seed = settings.Seed ?? Random.Shared.Next();
        var runId = Guid.NewGuid().ToString("N")[..8];
        var model = new AcdModel(
            settings, center.Value, clock, LiveSkills(feed), new Random(seed), time.GetUtcNow() - warmUp, runId);
        LogStarted(settings.SpeedFactor, seed, runId, center.Value.Agents.Count, center.Value.Queues.Count, feed is not null);

        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(settings.TickMilliseconds), time);
        var failures = 0;
        try
        {
            do
            {
                try
                {
                    await TickAsync(model, stoppingToken);
                    failures = 0;
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // Log the first failure and then every 50th, so an outage does not flood the log.
                    if (failures++ % 50 == 0)
                    {
                        LogTickFailed(ex, failures, _pending.Count);
                    }
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        LogStopped(_pending.Count);
    }

    /// <summary>Queued for the next tick; answered once the events it caused are in the pipeline.</summary>
    public async Task<DeskResult> ExecuteAsync(DeskCommand command, AgentSnapshot agent, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<DeskResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _commands.Writer.WriteAsync((command, done), cancellationToken);
        return await done.Task.WaitAsync(cancellationToken);
    }

    private string? _inFlightFile;
    private string? _inFlightWritten;

    private async Task EndLastRunAsync(CancellationToken cancellationToken)
    {
        if (_inFlightFile is null || !File.Exists(_inFlightFile))
            return;
        List<SimulatorCall> calls;
        try
        {
            calls = System.Text.Json.JsonSerializer.Deserialize<List<SimulatorCall>>(await File.ReadAllTextAsync(_inFlightFile, cancellationToken)) ?? [];
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or IOException)
        {
            // A demo nicety, never a reason not to start: the last run's calls then wait until the day ends.
            logger.LogWarning(ex, "The simulator's contacts in flight could not be read; the last run's calls are left as they were");
            return;
        }
        var now = time.GetUtcNow();
        List<CenterEvent> ends = [.. calls.Select(c => new CenterEvent
        {
            Id = $"sim-restart-{c.CallId}", Type = c.Connected ? EventType.CallEnded : EventType.CallAbandoned, At = now, CallId = c.CallId,
        })];
        if (ends.Count > 0)
            await sink.IngestAsync(ends, cancellationToken);
        File.Delete(_inFlightFile);
    }

    // The contacts in flight as of the last tick whose events all reached the pipeline.
    private List<SimulatorCall> _inFlightSent = [];

    /// <summary>
    /// Writes the contacts in flight for the next start to end. Before a tick's events go to the pipeline
    /// (<paramref name="sending"/>) it writes those of the model now together with those as of the last tick sent
    /// whole: a kill while the events are journaled then leaves no contact the journal holds in flight unlisted —
    /// one that began this tick, or one whose end this tick had not reached the journal. A listed contact the journal
    /// saw end is harmless: a call's events after it finished are ignored, as is an end for a call never queued.
    /// </summary>
    // Best effort, no fsync: a lost file leaves the last run's calls waiting, nothing worse.
    private void KeepInFlight(AcdModel model, bool sending)
    {
        if (_inFlightFile is null)
            return;
        var now = model.InFlight().ToList();
        List<SimulatorCall> calls = sending ? [.. now.Concat(_inFlightSent).DistinctBy(c => c.CallId)] : now;
        if (!sending)
            _inFlightSent = now;
        var json = System.Text.Json.JsonSerializer.Serialize(calls);
        if (json == _inFlightWritten)
            return;
        // Whole or not at all: a kill mid-write must not leave half a file for the next start.
        File.WriteAllText(_inFlightFile + ".new", json);
        File.Move(_inFlightFile + ".new", _inFlightFile, overwrite: true);
        _inFlightWritten = json;
    }

    internal async Task TickAsync(AcdModel model, CancellationToken cancellationToken)
    {
        var answered = new List<(TaskCompletionSource<DeskResult> Done, DeskResult Result)>();
        while (_commands.Reader.TryRead(out var queued))
        {
            answered.Add((queued.Done, model.Command(queued.Command.AgentId, queued.Command.Kind, queued.Command.Reason)));
        }
        try
        {
            _pending.AddRange(model.AdvanceTo(time.GetUtcNow()));
            if (_pending.Count > MaxPendingEvents)
            {
                var dropped = _pending.Count - MaxPendingEvents;
                _pending.RemoveRange(0, dropped);
                LogDropped(dropped);
            }
            KeepInFlight(model, sending: true);
            while (_pending.Count > 0)
            {
                var batch = _pending.Count <= MaxBatch ? [.. _pending] : _pending.GetRange(0, MaxBatch);
                await sink.IngestAsync(batch, cancellationToken);
                _pending.RemoveRange(0, batch.Count);
            }
            KeepInFlight(model, sending: false);
        }
        finally
        {
            // The model took the commands: their events follow in this batch or, when the pipeline fails, a later one.
            foreach (var (done, result) in answered)
            {
                done.TrySetResult(result);
            }
        }
    }

    /// <summary>An agent's live queues and skill levels from the feed; null (configured queues) while the feed does
    /// not know the agent.</summary>
    internal static Func<string, IReadOnlyDictionary<string, int>?> LiveSkills(ILiveFeed? feed) =>
        feed is null
            ? _ => null
            : agentId => feed.Current.Agents.TryGetValue(agentId, out var agent) && agent.SkillLevels is { } skills
                ? skills
                : null;

    [LoggerMessage(Level = LogLevel.Information,
        Message = "ACD simulator started: speed {Speed}×, seed {Seed}, run {RunId}, {Agents} agents, {Queues} queues, live routing {LiveRouting}")]
    private partial void LogStarted(double speed, int seed, string runId, int agents, int queues, bool liveRouting);

    [LoggerMessage(Level = LogLevel.Error,
        Message = "ACD simulator tick failed ({Failures} in a row, {Pending} events waiting to be resent)")]
    private partial void LogTickFailed(Exception exception, int failures, int pending);

    [LoggerMessage(Level = LogLevel.Warning, Message = "ACD simulator dropped {Dropped} unsent events (pipeline unavailable)")]
    private partial void LogDropped(int dropped);

    [LoggerMessage(Level = LogLevel.Information, Message = "ACD simulator stopped ({Pending} events unsent)")]
    private partial void LogStopped(int pending);
}
