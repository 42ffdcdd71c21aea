namespace Dashboard.Tests.Asterisk;

/// <summary>A queue_log written by hand, dirty as real ones are; its figures are worked out in QueueLogApiTests.</summary>
internal static class HandWrittenLog
{
    private static string L(long t, int second, string callId, string queue, string agent, string verb, params string[] data) =>
        string.Join('|', new[] { (t + second).ToString(), callId, queue, agent, verb }.Concat(data));

    // c1: enters +60, rings 1001 3 s, answered +72 (waited 12 s: within 20 s), caller hangs up +372 (talk 300).
    // c2: enters +100, rings alice 15 s unanswered (+115…+130), answered by alice +140 (waited 40 s), ends +440 (talk 300).
    // c3: enters +200, abandons +203 (3 s: a short abandon).  c4: enters +300, rings alice 5 s unanswered, abandons +345 (45 s).
    // c5: enters +500, times out +560 (a flow-out).  c6: enters +600, answered by 1001 +610 (10 s), transferred +700 (talk 90).
    public static string[] Lines(long t, string Queue) =>
    [
        L(t, 0, "NONE", Queue, "SIP/1001", "ADDMEMBER", ""),
        L(t, 0, "NONE", Queue, "PJSIP/alice", "ADDMEMBER", ""),
        L(t, 1, "NONE", Queue, "NONE", "QUEUESTART"),
        "",
        L(t, 60, "c1", Queue, "NONE", "ENTERQUEUE", "", "5551234", "1"),
        L(t, 72, "c1", Queue, "SIP/1001", "CONNECT", "12", "1733.1", "3"),
        L(t, 72, "c1", Queue, "SIP/1001", "CONNECT", "12", "1733.1", "3"),            // a duplicated line
        L(t, 100, "c2", Queue, "NONE", "ENTERQUEUE", "", "5559876", "1"),
        L(t, 130, "c2", Queue, "PJSIP/alice", "RINGNOANSWER", "15000"),
        L(t, 140, "c2", Queue, "Local/alice@from-queue/n", "CONNECT", "40", "1733.2", "2"),
        L(t, 345, "c4", Queue, "NONE", "ABANDON", "1", "1", "45"),                  // out of time order
        L(t, 200, "c3", Queue, "NONE", "ENTERQUEUE", "", "5550000", "1"),
        L(t, 203, "c3", Queue, "NONE", "ABANDON", "1", "1", "3"),
        L(t, 300, "c4", Queue, "NONE", "ENTERQUEUE", "", "5550001", "1"),
        L(t, 320, "c4", Queue, "PJSIP/alice", "RINGNOANSWER", "5000"),
        L(t, 372, "c1", Queue, "SIP/1001", "COMPLETECALLER", "12", "300", "1"),
        L(t, 440, "c2", Queue, "PJSIP/alice", "COMPLETEAGENT", "40", "300", "1"),
        L(t, 450, "NONE", "NONE", "SIP/1001", "FOOBAR", "x"),                      // an unknown verb
        L(t, 500, "c5", Queue, "NONE", "ENTERQUEUE", "", "5550002", "1"),
        L(t, 560, "c5", Queue, "NONE", "EXITWITHTIMEOUT", "1", "1", "60"),
        L(t, 600, "c6", Queue, "NONE", "ENTERQUEUE", "", "5550003", "1"),
        L(t, 610, "c6", Queue, "SIP/1001", "CONNECT", "10", "1733.3", "2"),
        L(t, 700, "c6", Queue, "SIP/1001", "TRANSFER", "2000", "from-internal", "10", "90", "1"),
        $"{t + 710}|c7|{Queue}",                                                // a truncated last line
    ];

    // The overflow dialplan, Queue(sales,,,,30) then Queue(support) (issue 14): the caller leaves the first queue and
    // enters the next in the same second, and Asterisk writes whole seconds, so only the order of the lines says which
    // came first. Worked out in QueueLogOverflowTests.
    // o1: sales +0, bob rings 15 s unanswered, times out +30 → support +30, alice answers +40 (2 s ring), ends +100.
    // o2: sales +10, times out +40 → support +40, hangs up +60.
    // o3: sales +20, presses 1 +25 → support +25, 1001 answers +30, transfers the caller away +60.
    // o4: sales +30 (the second of o1's move), alice answers +35, ends +38 — she is free again before o1 reaches her.
    // o5: sales +50, times out +80 → support +80, times out +110 → billing +110, hangs up +115.
    // o6: sales +60, sales empties +90 → support +90, bob rings 5 s unanswered, bob answers +100, ends +200.
    // o7: support +70 (straight in), hangs up +71 (a short abandon).
    public static string[] Overflow(long t, string sales, string support, string billing) =>
    [
        L(t, 0, "NONE", sales, "SIP/1001", "ADDMEMBER", ""),
        L(t, 0, "NONE", sales, "PJSIP/alice", "ADDMEMBER", ""),
        L(t, 0, "NONE", sales, "PJSIP/bob", "ADDMEMBER", ""),
        L(t, 0, "NONE", support, "SIP/1001", "ADDMEMBER", ""),
        L(t, 0, "NONE", support, "PJSIP/alice", "ADDMEMBER", ""),
        L(t, 0, "NONE", support, "PJSIP/bob", "ADDMEMBER", ""),
        L(t, 0, "1700000000.1", sales, "NONE", "ENTERQUEUE", "", "5551001", "1"),
        L(t, 10, "1700000000.2", sales, "NONE", "ENTERQUEUE", "", "5551002", "2"),
        L(t, 15, "1700000000.1", sales, "PJSIP/bob", "RINGNOANSWER", "15000"),
        L(t, 20, "1700000000.3", sales, "NONE", "ENTERQUEUE", "", "5551003", "2"),
        L(t, 25, "1700000000.3", sales, "NONE", "EXITWITHKEY", "1", "2", "2", "5"),
        L(t, 25, "1700000000.3", support, "NONE", "ENTERQUEUE", "", "5551003", "1"),
        L(t, 30, "1700000000.1", sales, "NONE", "EXITWITHTIMEOUT", "1", "1", "30"),
        L(t, 30, "1700000000.1", support, "NONE", "ENTERQUEUE", "", "5551001", "2"),
        L(t, 30, "1700000000.3", support, "SIP/1001", "CONNECT", "5", "1700000030.9", "2"),
        L(t, 30, "1700000000.4", sales, "NONE", "ENTERQUEUE", "", "5551004", "2"),
        L(t, 35, "1700000000.4", sales, "PJSIP/alice", "CONNECT", "5", "1700000035.9", "1"),
        L(t, 38, "1700000000.4", sales, "PJSIP/alice", "COMPLETEAGENT", "5", "3", "2"),
        L(t, 40, "1700000000.1", support, "PJSIP/alice", "CONNECT", "10", "1700000040.9", "2"),
        L(t, 40, "1700000000.2", sales, "NONE", "EXITWITHTIMEOUT", "1", "2", "30"),
        L(t, 40, "1700000000.2", support, "NONE", "ENTERQUEUE", "", "5551002", "1"),
        L(t, 50, "1700000000.5", sales, "NONE", "ENTERQUEUE", "", "5551005", "1"),
        L(t, 60, "1700000000.2", support, "NONE", "ABANDON", "1", "1", "20"),
        L(t, 60, "1700000000.3", support, "SIP/1001", "TRANSFER", "2000", "from-internal", "5", "30", "1"),
        L(t, 60, "1700000000.6", sales, "NONE", "ENTERQUEUE", "", "5551006", "2"),
        L(t, 70, "1700000000.7", support, "NONE", "ENTERQUEUE", "", "5551007", "1"),
        L(t, 71, "1700000000.7", support, "NONE", "ABANDON", "1", "1", "1"),
        L(t, 80, "1700000000.5", sales, "NONE", "EXITWITHTIMEOUT", "1", "1", "30"),
        L(t, 80, "1700000000.5", support, "NONE", "ENTERQUEUE", "", "5551005", "1"),
        L(t, 90, "1700000000.6", sales, "NONE", "EXITEMPTY", "1", "2", "30"),
        L(t, 90, "1700000000.6", support, "NONE", "ENTERQUEUE", "", "5551006", "2"),
        L(t, 95, "1700000000.6", support, "PJSIP/bob", "RINGNOANSWER", "5000"),
        L(t, 100, "1700000000.1", support, "PJSIP/alice", "COMPLETEAGENT", "10", "60", "2"),
        L(t, 100, "1700000000.6", support, "PJSIP/bob", "CONNECT", "10", "1700000100.9", "1"),
        L(t, 110, "1700000000.5", support, "NONE", "EXITWITHTIMEOUT", "1", "1", "30"),
        L(t, 110, "1700000000.5", billing, "NONE", "ENTERQUEUE", "", "5551005", "1"),
        L(t, 115, "1700000000.5", billing, "NONE", "ABANDON", "1", "1", "5"),
        L(t, 200, "1700000000.6", support, "PJSIP/bob", "COMPLETECALLER", "10", "100", "1"),
    ];

    /// <summary>One more answered call, for appending: enters at +second, answered by 1001 after 5 s, ends 60 s later.</summary>
    public static string[] Call(long t, string queue, string callId, int second) =>
    [
        L(t, second, callId, queue, "NONE", "ENTERQUEUE", "", "5550100", "1"),
        L(t, second + 5, callId, queue, "SIP/1001", "CONNECT", "5", "1733.9", "1"),
        L(t, second + 65, callId, queue, "SIP/1001", "COMPLETECALLER", "5", "60", "1"),
    ];
}
