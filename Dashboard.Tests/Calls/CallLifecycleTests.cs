using Dashboard.Grains.Calls;

namespace Dashboard.Tests.Calls;

public class CallLifecycleTests
{
    private const string Call = "c1";
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));

    private static DateTimeOffset At(int seconds) => T0.AddSeconds(seconds);

    private static CenterEvent Ev(
        string id, EventType type, int seconds, string? agent = null, string? queue = null,
        string? toQueue = null, string? toAgent = null, Channel? channel = null, int? priority = null) => new()
        {
            Id = id,
            Type = type,
            At = At(seconds),
            CallId = Call,
            AgentId = agent,
            QueueId = queue,
            ToQueueId = toQueue,
            ToAgentId = toAgent,
            Channel = channel,
            Priority = priority,
        };

    private static AgentCallFact Part(
        string agent, string? queue, int? offered, int? ringEnded, int? answered, int? ended,
        Channel channel = Channel.Voice, params HoldSpan[] holds) => new(
            agent, Call, 0, queue, channel,
            offered is { } o ? At(o) : null, ringEnded is { } r ? At(r) : null,
            answered is { } a ? At(a) : null, [.. holds], ended is { } e ? At(e) : null);

    private static QueueVisit Visit(
        string queue, int enqueued, int? left, QueueExit? exit, string? agent,
        Channel channel = Channel.Voice, int priority = 0) =>
        new(queue, Call, channel, priority, At(enqueued), left is { } l ? At(l) : null, exit, agent);

    /// <summary>AgentCallFact holds an ImmutableArray, which records compare by reference: compare it apart.</summary>
    private static void AssertParts(IReadOnlyList<AgentCallFact> expected, ImmutableArray<AgentCallFact> actual)
    {
        Assert.Equal(expected.Count, actual.Length);
        for (var i = 0; i < expected.Count; i++)
        {
            // QueuedAt is asserted by its own test; the expected parts here leave it out.
            Assert.Equal(expected[i] with { Holds = [] }, actual[i] with { Holds = [], QueuedAt = null });
            Assert.Equal(expected[i].Holds.ToArray(), actual[i].Holds.ToArray());
        }
    }

    /// <summary>xunit compares an ImmutableArray through IStructuralEquatable, which fails against a plain array.</summary>
    private static void AssertVisits(QueueVisit[] expected, ImmutableArray<QueueVisit> actual) =>
        Assert.Equal(expected, actual.ToArray());

    private static string Describe(CallPicture picture) =>
        string.Join("\n", picture.Visits.Select(v => v.ToString()))
        + "\n--\n"
        + string.Join("\n", picture.Agents.Select(a => (a with { Holds = [] }) + " holds=" + string.Join(",", a.Holds)));

    /// <summary>Queued in sales, rings A (missed), answered by B with a hold, transferred to support, answered by C.</summary>
    private static CenterEvent[] RichCall() =>
    [
        Ev("e01", EventType.CallQueued, 0, queue: "sales", channel: Channel.Chat, priority: 2),
        Ev("e02", EventType.CallOffered, 10, agent: "A"),
        Ev("e03", EventType.CallOffered, 30, agent: "B"),
        Ev("e04", EventType.CallAnswered, 35, agent: "B"),
        Ev("e05", EventType.CallHeld, 60, agent: "B"),
        Ev("e06", EventType.CallResumed, 90),
        Ev("e07", EventType.CallTransferred, 100, toQueue: "support"),
        Ev("e08", EventType.CallOffered, 105, agent: "C"),
        Ev("e09", EventType.CallAnswered, 120, agent: "C"),
        Ev("e10", EventType.CallEnded, 200),
    ];

    [Fact]
    public void Derive_RichCallInOrder_VisitsAndPartsAsWorkedOut()
    {
        var picture = CallLifecycle.Derive(Call, RichCall());

        // sales: enqueued 0, answered by B at 35. support: opened by the transfer at 100 with the same channel
        // and priority, answered by C at 120 (a new wait of 20 s).
        AssertVisits(
            [
                Visit("sales", 0, 35, QueueExit.Answered, "B", Channel.Chat, 2),
                Visit("support", 100, 120, QueueExit.Answered, "C", Channel.Chat, 2),
            ],
            picture.Visits);
        AssertParts(
            [
                // A rang 10..30 and missed: the offer to B stopped it.
                Part("A", "sales", 10, 30, null, null, Channel.Chat),
                // B: offered 30, answered 35, held 60..90, talk ended by the transfer at 100.
                Part("B", "sales", 30, null, 35, 100, Channel.Chat, new HoldSpan(At(60), At(90))),
                // C: offered 105 from support, answered 120, ended 200.
                Part("C", "support", 105, null, 120, 200, Channel.Chat),
            ],
            picture.Agents);
    }

    [Fact]
    public void Derive_AnsweredFromQueue_PartCarriesEnqueueTimeOfThatVisit()
    {
        var picture = CallLifecycle.Derive(Call, RichCall());

        // A never answered; B answered from sales (entered at 0); C from support (entered by the transfer at 100).
        Assert.Equal([null, At(0), At(100)], picture.Agents.Select(a => a.QueuedAt).ToArray());
    }

    [Fact]
    public void Derive_ShuffledOrders_EqualInOrderResult()
    {
        var events = RichCall();
        var expected = Describe(CallLifecycle.Derive(Call, events));
        var random = new Random(20260302);

        for (var round = 0; round < 200; round++)
        {
            var shuffled = events.OrderBy(_ => random.Next()).ToArray();
            Assert.Equal(expected, Describe(CallLifecycle.Derive(Call, shuffled)));
        }
    }

    [Fact]
    public void Derive_ShuffledEventsSharingInstants_EqualInOrderResult()
    {
        CenterEvent[] events =
        [
            Ev("e1", EventType.CallQueued, 0, queue: "sales"),
            Ev("e2", EventType.CallOffered, 0, agent: "A"),
            Ev("e3", EventType.CallAnswered, 0, agent: "A"),
            Ev("e4", EventType.CallHeld, 10),
            Ev("e5", EventType.CallResumed, 10),
            Ev("e6", EventType.CallTransferred, 10, toQueue: "support"),
            Ev("e7", EventType.CallAbandoned, 30),
            Ev("e8", EventType.CallEnded, 30),
        ];
        var expected = Describe(CallLifecycle.Derive(Call, events));
        var random = new Random(7);

        for (var round = 0; round < 200; round++)
        {
            var shuffled = events.OrderBy(_ => random.Next()).ToArray();
            Assert.Equal(expected, Describe(CallLifecycle.Derive(Call, shuffled)));
        }
    }

    [Fact]
    public void Derive_AnsweredWithoutQueued_DirectCallForAgentOnly()
    {
        var picture = CallLifecycle.Derive(Call,
        [
            Ev("e1", EventType.CallAnswered, 0, agent: "A"),
            Ev("e2", EventType.CallEnded, 45),
        ]);

        Assert.Empty(picture.Visits);
        AssertParts([Part("A", null, null, null, 0, 45)], picture.Agents);
    }

    [Fact]
    public void Derive_OfferWithItsRingEnd_RingEndsThenNotAtTheNextEvent()
    {
        // Asterisk's RINGNOANSWER: A rang 10–25 unanswered (the source knows when the ring ended); B answers at 40.
        var picture = CallLifecycle.Derive(Call,
        [
            Ev("e1", EventType.CallQueued, 0, queue: "sales"),
            Ev("e2", EventType.CallOffered, 10, agent: "A") with { RingEndedAt = At(25) },
            Ev("e3", EventType.CallOffered, 38, agent: "B"),
            Ev("e4", EventType.CallAnswered, 40, agent: "B"),
            Ev("e5", EventType.CallEnded, 100),
        ]);

        AssertParts([Part("A", "sales", 10, 25, null, null), Part("B", "sales", 38, null, 40, 100)], picture.Agents);
    }

    [Fact]
    public void Derive_TransferredToQueueBeforeAnswer_FlowOutAndNewWaitInSecondQueue()
    {
        var picture = CallLifecycle.Derive(Call,
        [
            Ev("e1", EventType.CallQueued, 0, queue: "sales", priority: 3),
            Ev("e2", EventType.CallTransferred, 40, toQueue: "support"),
            Ev("e3", EventType.CallAnswered, 55, agent: "A"),
            Ev("e4", EventType.CallEnded, 100),
        ]);

        // sales: waited 0..40 and flowed out; support: a new wait from 40, answered at 55.
        AssertVisits(
            [
                Visit("sales", 0, 40, QueueExit.FlowedOut, null, priority: 3),
                Visit("support", 40, 55, QueueExit.Answered, "A", priority: 3),
            ],
            picture.Visits);
        AssertParts([Part("A", "support", null, null, 55, 100)], picture.Agents);
    }

    [Fact]
    public void Derive_TransferredToQueueAfterAnswer_EndsTalkAndOpensVisit()
    {
        var picture = CallLifecycle.Derive(Call,
        [
            Ev("e1", EventType.CallQueued, 0, queue: "sales"),
            Ev("e2", EventType.CallAnswered, 5, agent: "A"),
            Ev("e3", EventType.CallTransferred, 65, toQueue: "billing"),
            Ev("e4", EventType.CallAnswered, 80, agent: "B"),
            Ev("e5", EventType.CallEnded, 120),
        ]);

        AssertVisits(
            [
                Visit("sales", 0, 5, QueueExit.Answered, "A"),
                Visit("billing", 65, 80, QueueExit.Answered, "B"),
            ],
            picture.Visits);
        AssertParts(
            [
                Part("A", "sales", null, null, 5, 65),   // talk 5..65 ended by the transfer
                Part("B", "billing", null, null, 80, 120),
            ],
            picture.Agents);
    }

    [Fact]
    public void Derive_TransferredToAgent_NoVisitAndAgentPartHasNoQueue()
    {
        var picture = CallLifecycle.Derive(Call,
        [
            Ev("e1", EventType.CallQueued, 0, queue: "sales"),
            Ev("e2", EventType.CallTransferred, 10, toAgent: "B"),
            Ev("e3", EventType.CallOffered, 12, agent: "B"),
            Ev("e4", EventType.CallAnswered, 20, agent: "B"),
            Ev("e5", EventType.CallEnded, 50),
        ]);

        AssertVisits(
            [
                Visit("sales", 0, 10, QueueExit.FlowedOut, null)
            ],
            picture.Visits);
        AssertParts([Part("B", null, 12, null, 20, 50)], picture.Agents);
    }

    [Fact]
    public void Derive_OfferedBeforeTransferToThatAgent_KeepsRinging()
    {
        var picture = CallLifecycle.Derive(Call,
        [
            Ev("e1", EventType.CallQueued, 0, queue: "sales"),
            Ev("e2", EventType.CallAnswered, 5, agent: "A"),
            Ev("e3", EventType.CallOffered, 60, agent: "B"),
            Ev("e4", EventType.CallTransferred, 70, toAgent: "B"),
            Ev("e5", EventType.CallAnswered, 75, agent: "B"),
            Ev("e6", EventType.CallEnded, 100),
        ]);

        // A talks 5..70 (the transfer ends it); B rings from 60 through the transfer to them and answers at 75.
        AssertParts(
            [
                Part("A", "sales", null, null, 5, 70),
                Part("B", null, 60, null, 75, 100),
            ],
            picture.Agents);
    }

    [Fact]
    public void Derive_AbandonedWhileWaiting_VisitAbandoned()
    {
        var picture = CallLifecycle.Derive(Call,
        [
            Ev("e1", EventType.CallQueued, 0, queue: "sales"),
            Ev("e2", EventType.CallAbandoned, 33),
        ]);

        AssertVisits(
            [
                Visit("sales", 0, 33, QueueExit.Abandoned, null)
            ],
            picture.Visits);
        Assert.Empty(picture.Agents);
    }

    [Fact]
    public void Derive_EndedWhileWaiting_CallerHungUpAsAbandoned()
    {
        var picture = CallLifecycle.Derive(Call,
        [
            Ev("e1", EventType.CallQueued, 0, queue: "sales"),
            Ev("e2", EventType.CallEnded, 12),
        ]);

        AssertVisits(
            [
                Visit("sales", 0, 12, QueueExit.Abandoned, null)
            ],
            picture.Visits);
    }

    [Fact]
    public void Derive_AbandonedWhileRinging_AgentMissed()
    {
        var picture = CallLifecycle.Derive(Call,
        [
            Ev("e1", EventType.CallQueued, 0, queue: "sales"),
            Ev("e2", EventType.CallOffered, 8, agent: "A"),
            Ev("e3", EventType.CallAbandoned, 20),
        ]);

        AssertVisits(
            [
                Visit("sales", 0, 20, QueueExit.Abandoned, null)
            ],
            picture.Visits);
        AssertParts([Part("A", "sales", 8, 20, null, null)], picture.Agents);
    }

    [Fact]
    public void Derive_RingNoAnswerThenAnsweredByAnother_FirstAgentMissedAtThatAnswer()
    {
        var picture = CallLifecycle.Derive(Call,
        [
            Ev("e1", EventType.CallQueued, 0, queue: "sales"),
            Ev("e2", EventType.CallOffered, 5, agent: "A"),
            Ev("e3", EventType.CallAnswered, 25, agent: "B"),
            Ev("e4", EventType.CallEnded, 85),
        ]);

        // A rang from 5 until B answered at 25; B was never offered, so OfferedAt stays null.
        AssertParts(
            [
                Part("A", "sales", 5, 25, null, null),
                Part("B", "sales", null, null, 25, 85),
            ],
            picture.Agents);
    }

    [Fact]
    public void Derive_HoldOpenAtEnd_ClosedAtEnd()
    {
        var picture = CallLifecycle.Derive(Call,
        [
            Ev("e1", EventType.CallQueued, 0, queue: "sales"),
            Ev("e2", EventType.CallAnswered, 10, agent: "A"),
            Ev("e3", EventType.CallHeld, 20),
            Ev("e4", EventType.CallResumed, 30),
            Ev("e5", EventType.CallHeld, 50),
            Ev("e6", EventType.CallEnded, 70),
        ]);

        AssertParts(
            [Part("A", "sales", null, null, 10, 70, Channel.Voice, new HoldSpan(At(20), At(30)), new HoldSpan(At(50), At(70)))],
            picture.Agents);
    }

    [Fact]
    public void Derive_SecondQueuedInAnotherQueue_FirstVisitFlowsOut()
    {
        var picture = CallLifecycle.Derive(Call,
        [
            Ev("e1", EventType.CallQueued, 0, queue: "sales"),
            Ev("e2", EventType.CallQueued, 60, queue: "overflow", channel: Channel.Voice, priority: 1),
            Ev("e3", EventType.CallAbandoned, 90),
        ]);

        AssertVisits(
            [
                Visit("sales", 0, 60, QueueExit.FlowedOut, null),
                Visit("overflow", 60, 90, QueueExit.Abandoned, null, priority: 1),
            ],
            picture.Visits);
    }

    [Fact]
    public void Derive_NonsenseEvents_IgnoredWithoutThrowing()
    {
        var picture = CallLifecycle.Derive(Call,
        [
            Ev("e0", EventType.CallHeld, -5),                 // held before anything
            Ev("e1", EventType.CallQueued, 0, queue: "sales"),
            Ev("e2", EventType.CallResumed, 3),               // resumed without hold
            Ev("e3", EventType.CallAnswered, 10, agent: "A"),
            Ev("e4", EventType.CallAbandoned, 15),            // abandon after answer
            Ev("e5", EventType.CallEnded, 40),
            Ev("e6", EventType.CallEnded, 50),                // second end
            Ev("e7", EventType.CallAnswered, 60, agent: "B"), // after the end
            Ev("e8", EventType.CallOffered, 70),              // no agent
        ]);

        AssertVisits(
            [
                Visit("sales", 0, 10, QueueExit.Answered, "A")
            ],
            picture.Visits);
        AssertParts([Part("A", "sales", null, null, 10, 40)], picture.Agents);
    }

    [Fact]
    public void Derive_QueuedAndAnsweredAtSameInstantGivenBackwards_RankOrderApplies()
    {
        var picture = CallLifecycle.Derive(Call,
        [
            Ev("z", EventType.CallAnswered, 0, agent: "A"),
            Ev("a", EventType.CallQueued, 0, queue: "sales"),
        ]);

        // queued (rank 0) before answered (rank 2): a zero wait in sales, not a direct call.
        AssertVisits(
            [
                Visit("sales", 0, 0, QueueExit.Answered, "A")
            ],
            picture.Visits);
        AssertParts([Part("A", "sales", null, null, 0, null)], picture.Agents);
    }

    [Fact]
    public void Derive_AgentOfferedTwice_LatestEpisodeReported()
    {
        var picture = CallLifecycle.Derive(Call,
        [
            Ev("e1", EventType.CallQueued, 0, queue: "sales"),
            Ev("e2", EventType.CallOffered, 5, agent: "A"),
            Ev("e3", EventType.CallOffered, 20, agent: "B"),
            Ev("e4", EventType.CallOffered, 40, agent: "A"),
            Ev("e5", EventType.CallAnswered, 45, agent: "A"),
        ]);

        // A's first ring (5..20) is replaced by the second episode: offered 40, answered 45, still talking.
        // B rang 20..40, stopped by the offer to A.
        AssertParts(
            [
                Part("A", "sales", 40, null, 45, null),
                Part("B", "sales", 20, 40, null, null),
            ],
            picture.Agents);
    }

    [Fact]
    public void Derive_NoCallEvents_EmptyPicture()
    {
        var picture = CallLifecycle.Derive(Call, []);

        Assert.Empty(picture.Visits);
        Assert.Empty(picture.Agents);
    }

    [Fact]
    public void Derive_ExitAndNextQueueInOneSecond_TheSourcesOrderDecides()
    {
        // queue_log writes whole seconds: timed out of sales, into support, answered there — all at +30.
        var picture = CallLifecycle.Derive(Call,
        [
            Ev("e4", EventType.CallAnswered, 30, agent: "A") with { Seq = 4 },
            Ev("e3", EventType.CallQueued, 30, queue: "support") with { Seq = 3 },
            Ev("e2", EventType.CallTransferred, 30) with { Seq = 2 },
            Ev("e1", EventType.CallQueued, 0, queue: "sales") with { Seq = 1 },
        ]);

        AssertVisits(
            [Visit("sales", 0, 30, QueueExit.FlowedOut, null), Visit("support", 30, 30, QueueExit.Answered, "A")],
            picture.Visits);
    }

    [Fact]
    public void Derive_SameInstantWithoutSeq_TypeRankAsBefore()
    {
        var picture = CallLifecycle.Derive(Call,
        [
            Ev("e2", EventType.CallAnswered, 0, agent: "A"),
            Ev("e1", EventType.CallQueued, 0, queue: "sales"),
        ]);

        AssertVisits([Visit("sales", 0, 0, QueueExit.Answered, "A")], picture.Visits);
    }
}
