using Dashboard.Grains.Ingestion;
using Dashboard.Web.Live;
using Dashboard.Web.Simulation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Simulation;

public class AcdSimulatorTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(200);

    private static readonly CenterOptions Center = Sim.Center(
        [Sim.Queue("sales")], [Sim.Agent("a1", "sales"), Sim.Agent("a2", "sales")], Sim.AllReasonCodes);

    private static SimulatorOptions Busy()
    {
        var options = Sim.Quiet();
        options.DefaultArrivalsPerHour = 3600; // one a second
        options.Voice.PatienceMeanSeconds = 30;
        options.TickMilliseconds = (int)Tick.TotalMilliseconds;
        return options;
    }

    private static AcdSimulator Simulator(IEventSink sink, FakeTimeProvider time, ILogger<AcdSimulator>? logger = null) => new(
        sink,
        Options.Create(Busy()),
        Options.Create(Center),
        Sim.Clock(),
        time,
        new ServiceCollection().BuildServiceProvider(),
        logger ?? new ListLogger());

    [Fact]
    public async Task ExecuteAsync_Running_LogsInAgentsThenSendsBatchesOfWhatHappenedUpToNow()
    {
        var time = new FakeTimeProvider(Sim.Start);
        var sink = new RecordingSink(time);
        using var simulator = Simulator(sink, time);

        await simulator.StartAsync(CancellationToken.None);
        await sink.WaitForAttemptsAsync(1);
        for (var i = 0; i < 5; i++)
        {
            await AdvanceUntilSentAsync(time, sink);
        }
        await simulator.StopAsync(CancellationToken.None);

        var batches = sink.Batches;
        Assert.Equal(
            [EventType.AgentLogin, EventType.AgentState, EventType.AgentLogin, EventType.AgentState],
            batches[0].Events.Select(e => e.Type));
        Assert.All(batches, b => Assert.All(b.Events, e => Assert.InRange(e.At, Sim.Start, b.ReceivedAt)));
        var events = batches.SelectMany(b => b.Events).ToList();
        Assert.Equal(events.Count, events.Select(e => e.Id).Distinct().Count());
        // One call a second, up to the last send (a tick may fire before the last advance finishes): m ± 4·√m.
        var mean = (batches[^1].ReceivedAt - Sim.Start).TotalSeconds;
        Assert.True(mean >= 120);
        Assert.InRange(events.OfType(EventType.CallQueued).Count(), mean - 4 * Math.Sqrt(mean), mean + 4 * Math.Sqrt(mean));
    }

    [Fact]
    public async Task ExecuteAsync_SinkFails_LogsErrorKeepsRunningAndResendsTheSameEvents()
    {
        var time = new FakeTimeProvider(Sim.Start);
        var sink = new RecordingSink(time) { FailuresToCome = 2 };
        var logger = new ListLogger();
        using var simulator = Simulator(sink, time, logger);

        await simulator.StartAsync(CancellationToken.None);
        await sink.WaitForAttemptsAsync(1);
        while (sink.Batches.Count < 2)
        {
            await AdvanceUntilSentAsync(time, sink);
        }
        await simulator.StopAsync(CancellationToken.None);

        var logins = sink.Attempts[0];
        Assert.Equal(EventType.AgentLogin, logins[0].Type);
        Assert.Equal(3, sink.Attempts.Count(a => a.Any(e => e.Id == logins[0].Id))); // two failures, one success
        Assert.Equal(logins.Select(e => e.Id), sink.Batches[0].Events.Take(logins.Count).Select(e => e.Id));
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Error && e.Exception is InvalidOperationException);
        Assert.True(simulator.ExecuteTask!.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task StopAsync_WhileRunning_EndsTheLoopCleanly()
    {
        var time = new FakeTimeProvider(Sim.Start);
        var sink = new RecordingSink(time);
        var logger = new ListLogger();
        using var simulator = Simulator(sink, time, logger);
        await simulator.StartAsync(CancellationToken.None);
        await sink.WaitForAttemptsAsync(1);

        await simulator.StopAsync(CancellationToken.None);

        Assert.True(simulator.ExecuteTask!.IsCompletedSuccessfully);
        Assert.DoesNotContain(logger.Entries, e => e.Level >= LogLevel.Warning);
    }

    /// <summary>30 simulated seconds at a call a second: something always happens, so the simulator sends.</summary>
    private static async Task AdvanceUntilSentAsync(FakeTimeProvider time, RecordingSink sink)
    {
        var before = sink.Attempts.Count;
        time.Advance(TimeSpan.FromSeconds(30));
        await sink.WaitForAttemptsAsync(before + 1);
    }

    [Fact]
    public void LiveSkills_FeedKnowsTheAgent_ReturnsTheLiveAssignment()
    {
        var skills = ImmutableDictionary<string, int>.Empty.Add("service", 5).Add("email", 2);
        var snapshot = new AgentSnapshot("a1", "A", "T", AgentState.Available, null, Sim.Start, null, null, false,
            ["service", "email"], AgentToday.Empty, 1, Sim.Start, skills);
        var feed = new FixedFeed(FloorView.Empty with { Agents = FloorView.Empty.Agents.Add("a1", snapshot) });

        var liveSkills = AcdSimulator.LiveSkills(feed);

        Assert.Equal(skills, liveSkills("a1"));
        Assert.Null(liveSkills("a2"));
        Assert.Null(AcdSimulator.LiveSkills(null)("a1"));
    }

    private sealed class FixedFeed(FloorView view) : ILiveFeed
    {
        public FloorView Current => view;

        public IDisposable Subscribe(Func<FloorChange, Task> onChange) => throw new NotSupportedException();
    }

    /// <summary>Records what it is sent and when (by the simulator's clock); can fail the first calls.</summary>
    private sealed class RecordingSink(TimeProvider time) : IEventSink
    {
        private readonly Lock _gate = new();
        private readonly List<IReadOnlyList<CenterEvent>> _attempts = [];
        private readonly List<(DateTimeOffset ReceivedAt, IReadOnlyList<CenterEvent> Events)> _batches = [];

        public int FailuresToCome { get; set; }

        public List<IReadOnlyList<CenterEvent>> Attempts { get { lock (_gate) return [.. _attempts]; } }

        public List<(DateTimeOffset ReceivedAt, IReadOnlyList<CenterEvent> Events)> Batches
        {
            get { lock (_gate) return [.. _batches]; }
        }

        public Task CompletePastAsync(IReadOnlyCollection<string> agentIds, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("the simulator plays today only");

        public Task<IngestOutcome> IngestAsync(IReadOnlyList<CenterEvent> events, CancellationToken cancellationToken = default)
        {
            lock (_gate)
            {
                _attempts.Add([.. events]);
                if (FailuresToCome > 0)
                {
                    FailuresToCome--;
                    throw new InvalidOperationException("pipeline down");
                }
                _batches.Add((time.GetUtcNow(), [.. events]));
                return Task.FromResult(new IngestOutcome(events.Count, 0));
            }
        }

        public async Task WaitForAttemptsAsync(int count)
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (Attempts.Count < count && DateTime.UtcNow < deadline)
            {
                await Task.Delay(5);
            }
            Assert.True(Attempts.Count >= count, $"expected {count} calls to the sink, got {Attempts.Count}");
        }
    }

    private sealed class ListLogger : ILogger<AcdSimulator>
    {
        private readonly Lock _gate = new();
        private readonly List<(LogLevel Level, Exception? Exception)> _entries = [];

        public List<(LogLevel Level, Exception? Exception)> Entries { get { lock (_gate) return [.. _entries]; } }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            lock (_gate) _entries.Add((logLevel, exception));
        }
    }
}
