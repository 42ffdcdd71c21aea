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

    /// <summary>One more answered call, for appending: enters at +second, answered by 1001 after 5 s, ends 60 s later.</summary>
    public static string[] Call(long t, string queue, string callId, int second) =>
    [
        L(t, second, callId, queue, "NONE", "ENTERQUEUE", "", "5550100", "1"),
        L(t, second + 5, callId, queue, "SIP/1001", "CONNECT", "5", "1733.9", "1"),
        L(t, second + 65, callId, queue, "SIP/1001", "COMPLETECALLER", "5", "60", "1"),
    ];
}
