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
    public async Task ExecuteAsync_Running_LogsInAgentsThenSendsOneBatchPerTickUpToNow()
    {
        var time = new FakeTimeProvider(Sim.Start);
        var sink = new RecordingSink();
        using var simulator = Simulator(sink, time);

        await simulator.StartAsync(CancellationToken.None);
        await sink.WaitForBatchesAsync(1);
        for (var i = 0; i < 50; i++)
        {
            time.Advance(Tick);
            await sink.WaitForIdleAsync();
        }
        await simulator.StopAsync(CancellationToken.None);

        var batches = sink.Batches;
        Assert.Equal(
            [EventType.AgentLogin, EventType.AgentState, EventType.AgentLogin, EventType.AgentState],
            batches[0].Select(e => e.Type));
        Assert.InRange(batches.Count, 2, 51);
        var events = batches.SelectMany(b => b).ToList();
        Assert.Equal(events.Count, events.Select(e => e.Id).Distinct().Count());
        Assert.All(events, e => Assert.InRange(e.At, Sim.Start, time.GetUtcNow()));
        // Ten simulated seconds at one call a second.
        Assert.InRange(events.OfType(EventType.CallQueued).Count(), 1, 30);
    }

    [Fact]
    public async Task ExecuteAsync_SinkFails_LogsErrorKeepsRunningAndResendsTheSameEvents()
    {
        var time = new FakeTimeProvider(Sim.Start);
        var sink = new RecordingSink { FailuresToCome = 2 };
        var logger = new ListLogger();
        using var simulator = Simulator(sink, time, logger);

        await simulator.StartAsync(CancellationToken.None);
        for (var i = 0; i < 10; i++)
        {
            time.Advance(Tick);
            await sink.WaitForIdleAsync();
        }
        await simulator.StopAsync(CancellationToken.None);

        Assert.Equal(3, sink.Attempts.Count(a => a.Select(e => e.Id).Contains(sink.Attempts[0][0].Id)));
        Assert.Equal(sink.Attempts[0].Select(e => e.Id), sink.Batches[0].Take(sink.Attempts[0].Count).Select(e => e.Id));
        Assert.True(sink.Batches.Count >= 2, "the simulator stopped after the failures");
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Error && e.Exception is InvalidOperationException);
        Assert.True(simulator.ExecuteTask!.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task StopAsync_WhileRunning_EndsTheLoopCleanly()
    {
        var time = new FakeTimeProvider(Sim.Start);
        var sink = new RecordingSink();
        var logger = new ListLogger();
        using var simulator = Simulator(sink, time, logger);
        await simulator.StartAsync(CancellationToken.None);
        await sink.WaitForBatchesAsync(1);

        await simulator.StopAsync(CancellationToken.None);

        Assert.True(simulator.ExecuteTask!.IsCompletedSuccessfully);
        Assert.DoesNotContain(logger.Entries, e => e.Level >= LogLevel.Warning);
    }

    [Fact]
    public void LiveQueues_FeedKnowsTheAgent_ReturnsTheLiveAssignment()
    {
        var snapshot = new AgentSnapshot("a1", "A", "T", AgentState.Available, null, Sim.Start, null, null, false,
            ["service", "email"], AgentToday.Empty, 1, Sim.Start);
        var feed = new FixedFeed(FloorView.Empty with { Agents = FloorView.Empty.Agents.Add("a1", snapshot) });

        var liveQueues = AcdSimulator.LiveQueues(feed);

        Assert.Equal(["service", "email"], liveQueues("a1")!);
        Assert.Null(liveQueues("a2"));
        Assert.Null(AcdSimulator.LiveQueues(null)("a1"));
    }

    private sealed class FixedFeed(FloorView view) : ILiveFeed
    {
        public FloorView Current => view;

        public IDisposable Subscribe(Func<FloorChange, Task> onChange) => throw new NotSupportedException();
    }

    /// <summary>Records what it is sent; can fail the first calls.</summary>
    private sealed class RecordingSink : IEventSink
    {
        private readonly Lock _gate = new();
        private readonly List<IReadOnlyList<CenterEvent>> _attempts = [];
        private readonly List<IReadOnlyList<CenterEvent>> _batches = [];
        private int _calls;

        public int FailuresToCome { get; set; }

        public List<IReadOnlyList<CenterEvent>> Attempts { get { lock (_gate) return [.. _attempts]; } }

        public List<IReadOnlyList<CenterEvent>> Batches { get { lock (_gate) return [.. _batches]; } }

        public Task<IngestOutcome> IngestAsync(IReadOnlyList<CenterEvent> events, CancellationToken cancellationToken = default)
        {
            lock (_gate)
            {
                _calls++;
                _attempts.Add([.. events]);
                if (FailuresToCome > 0)
                {
                    FailuresToCome--;
                    throw new InvalidOperationException("pipeline down");
                }
                _batches.Add([.. events]);
                return Task.FromResult(new IngestOutcome(events.Count, 0));
            }
        }

        public async Task WaitForBatchesAsync(int count)
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (Batches.Count < count && DateTime.UtcNow < deadline)
            {
                await Task.Delay(10);
            }
            Assert.True(Batches.Count >= count, $"expected {count} batches, got {Batches.Count}");
        }

        /// <summary>Lets the simulator's loop reach its next timer wait after a time advance.</summary>
        public async Task WaitForIdleAsync()
        {
            int before;
            do
            {
                lock (_gate) before = _calls;
                await Task.Delay(20);
            }
            while (before != Volatile.Read(ref _calls));
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
