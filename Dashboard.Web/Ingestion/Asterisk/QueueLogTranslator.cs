using System.Globalization;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using Dashboard.Grains.Telemetry;

namespace Dashboard.Web.Ingestion.Asterisk;

/// <summary>
/// Turns queue_log lines into the dashboard's events (the mapping is in docs/asterisk.md). Event ids come from the
/// line's text, so a line read twice (a restart, a duplicated line) gives the same ids and the pipeline drops the
/// repeat. Keeps what a single line does not say: the queues each member is in (ADDMEMBER/REMOVEMEMBER become the
/// whole set, as agent.queues wants). One translator per source; not thread-safe.
/// </summary>
/// <remarks>
/// <b>The order of the lines is information.</b> Asterisk writes whole seconds, so a caller who times out of one queue
/// and enters the next (the overflow dialplan, Queue(sales,,,,30) then Queue(support)) leaves two lines with one time,
/// and only their order in the file says which came first. Every event of a line carries the line's place in the order
/// lines were read as <see cref="CenterEvent.Seq"/>, which the contact's lifecycle uses before anything else among
/// events of the same time. The place is a hybrid clock: the clock's ticks as the line is read, and always at least
/// one more than the line before — so it grows in file order within a chunk, across chunks, across a follower's
/// restart (its state keeps the last one) and across a restart of the host, without counting lines anywhere. It is
/// not part of the ids, so a line read again gives the same ids whatever the chunks were, and the pipeline drops the
/// repeat (keeping the first reading's place).
/// </remarks>
public sealed class QueueLogTranslator(TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private long _lastSeq;

    /// <summary>Verbs that carry nothing for the live floor; read and passed over.</summary>
    private static readonly HashSet<string> Ignored = new(StringComparer.Ordinal)
    {
        "QUEUESTART", "CONFIGRELOAD", "DID", "SYSCOMPAT", "INFO", "AGENTDUMP", "PENALTY", "RINGCANCELED_NOTIFY",
    };

    private readonly Dictionary<string, SortedSet<string>> _membership = new(StringComparer.Ordinal);
    private readonly HashSet<string> _onDuty = new(StringComparer.Ordinal);
    private readonly HashSet<string> _paused = new(StringComparer.Ordinal);

    public sealed record Result(IReadOnlyList<CenterEvent> Events, string? Skipped);

    /// <summary>What a follower keeps over a restart: members' queues, who is on duty, who is paused, and the last
    /// line's place in the source's order (so a clock set back over the restart does not put later lines first).</summary>
    public sealed record State(Dictionary<string, List<string>> Membership, List<string> OnDuty, List<string> Paused, long LastSeq = 0);

    public State Export() => new(
        _membership.ToDictionary(kv => kv.Key, kv => kv.Value.ToList(), StringComparer.Ordinal), [.. _onDuty], [.. _paused], _lastSeq);

    public static QueueLogTranslator Import(State? state, TimeProvider? clock = null)
    {
        var translator = new QueueLogTranslator(clock);
        if (state is null)
            return translator;
        translator._lastSeq = state.LastSeq;
        foreach (var (agent, queues) in state.Membership)
            translator._membership[agent] = new SortedSet<string>(queues, StringComparer.Ordinal);
        translator._onDuty.UnionWith(state.OnDuty);
        translator._paused.UnionWith(state.Paused);
        return translator;
    }

    /// <summary>
    /// As <see cref="Translate(QueueLogLine, EventRules?)"/>, then asks <paramref name="admit"/> (the allowance for new
    /// agents and queues) about the events: a refusal skips the line and leaves its member as before it, so the same
    /// line sent again later reads the same (the same events, the same ids).
    /// </summary>
    public Result Translate(QueueLogLine line, EventRules? rules, Func<IReadOnlyList<CenterEvent>, string?> admit)
    {
        ArgumentNullException.ThrowIfNull(admit);
        // A line changes the state of its own member only.
        var agent = AgentIds.Normalize(line.Agent);
        var queues = agent is not null && _membership.TryGetValue(agent, out var held) ? held.ToList() : null;
        var (onDuty, paused) = agent is null ? (false, false) : (_onDuty.Contains(agent), _paused.Contains(agent));
        var result = Translate(line, rules);
        if (result.Skipped is not null || admit(result.Events) is not { } refusal)
            return result;
        if (agent is not null)
        {
            if (queues is null)
                _membership.Remove(agent);
            else
                _membership[agent] = new SortedSet<string>(queues, StringComparer.Ordinal);
            Set(_onDuty, agent, onDuty);
            Set(_paused, agent, paused);
        }
        return new Result([], refusal);

        static void Set(HashSet<string> set, string member, bool present)
        {
            if (present)
                set.Add(member);
            else
                set.Remove(member);
        }
    }

    /// <summary>The line's events; with <paramref name="rules"/>, none unless the line's values and every event keep
    /// them, judged before the members' state changes (a 1 MB queue name never joins anyone's queues).</summary>
    public Result Translate(QueueLogLine line, EventRules? rules = null)
    {
        var events = new List<CenterEvent>(2);
        var seq = _lastSeq = Math.Max(_lastSeq + 1, _clock.GetUtcNow().UtcTicks);
        CenterEvent New(EventType type, DateTimeOffset at) =>
            new() { Id = IdOf(line.Raw, events.Count), Type = type, At = at, Seq = seq };
        var agent = AgentIds.Normalize(line.Agent);
        if (rules is not null && rules.Check(new CenterEvent
            {
                Id = IdOf(line.Raw, 0), Type = EventType.AgentState, At = line.At, AgentId = agent, CallId = line.CallId,
                QueueId = line.Queue, Reason = line.Verb is "PAUSE" or "PAUSEALL" ? line[1] : null,
            }) is [var broken, ..])
        {
            return new Result([], broken);
        }
        var result = TranslateChecked(line, agent, events, New);
        if (rules is not null && result.Events.SelectMany(rules.Check).FirstOrDefault() is { } computed)
            return new Result([], computed);
        return result;
    }

    private Result TranslateChecked(QueueLogLine line, string? agent, List<CenterEvent> events, Func<EventType, DateTimeOffset, CenterEvent> New)
    {
        switch (line.Verb)
        {
            case "ENTERQUEUE" when line is { CallId: { } callId, Queue: { } queue }:
                events.Add(New(EventType.CallQueued, line.At) with { CallId = callId, QueueId = queue });
                break;
            case "CONNECT" when line.CallId is { } callId && agent is not null:
                // holdtime|bridged channel's uniqueid|ringtime (seconds): the offer rang ringtime before the answer.
                if (Before(line.At, Seconds(line[3]) ?? 0) is not { } rang)
                    return new Result([], "CONNECT: its ringtime is not a number of seconds under a day");
                events.Add(New(EventType.CallOffered, rang) with { CallId = callId, AgentId = agent });
                events.Add(New(EventType.CallAnswered, line.At) with { CallId = callId, AgentId = agent, QueueId = line.Queue });
                break;
            case "RINGNOANSWER" or "RINGCANCELED" when line.CallId is { } callId && agent is not null:
                // ringtime in milliseconds: the member was offered the call that long ago and did not take it.
                if (Before(line.At, (Seconds(line[1]) ?? 0) / 1000) is not { } offered)
                    return new Result([], $"{line.Verb}: its ringtime is not a number of milliseconds under a day");
                events.Add(New(EventType.CallOffered, offered) with
                {
                    CallId = callId, AgentId = agent, RingEndedAt = line.At,
                });
                break;
            case "COMPLETECALLER" or "COMPLETEAGENT" when line.CallId is { } callId:
                events.Add(New(EventType.CallEnded, line.At) with { CallId = callId });
                ReadyAfterTheCall(agent, line.At);
                break;
            case "ABANDON" when line.CallId is { } callId:
                events.Add(New(EventType.CallAbandoned, line.At) with { CallId = callId });
                break;
            // Left the queue unanswered without hanging up (timeout, empty queue, a key): a flow-out (KPI.md).
            case "EXITWITHTIMEOUT" or "EXITEMPTY" or "EXITWITHKEY" when line.CallId is { } callId:
                events.Add(New(EventType.CallTransferred, line.At) with { CallId = callId });
                break;
            // After an answer: the agent's talk ends there; where the caller went is outside the queues.
            case "TRANSFER" or "BLINDTRANSFER" or "ATTENDEDTRANSFER" when line.CallId is { } callId:
                if (!TransferLayoutIsValid(line))
                    return new Result([], $"{line.Verb}: the fields do not follow its layout");
                events.Add(New(EventType.CallTransferred, line.At) with { CallId = callId });
                ReadyAfterTheCall(agent, line.At);
                break;
            // A dynamic member is on duty while in a queue: the first ADDMEMBER logs them in, the last REMOVEMEMBER out.
            case "ADDMEMBER" or "REMOVEMEMBER" when agent is not null && line.Queue is { } queue:
                var queues = _membership.TryGetValue(agent, out var held) ? held : _membership[agent] = new(StringComparer.Ordinal);
                if (line.Verb == "ADDMEMBER")
                {
                    queues.Add(queue);
                    if (_onDuty.Add(agent))
                        events.Add(New(EventType.AgentLogin, line.At) with { AgentId = agent, Name = agent });
                }
                else
                {
                    queues.Remove(queue);
                }
                events.Add(New(EventType.AgentQueues, line.At) with { AgentId = agent, Queues = [.. queues] });
                if (queues.Count == 0 && _onDuty.Remove(agent))
                    events.Add(New(EventType.AgentLogout, line.At) with { AgentId = agent });
                break;
            case "PAUSE" or "PAUSEALL" when agent is not null:
                _paused.Add(agent);
                events.Add(New(EventType.AgentState, line.At) with
                {
                    AgentId = agent, State = AgentState.NotReady, Reason = line[1].Length > 0 ? line[1] : "paused",
                });
                break;
            case "UNPAUSE" or "UNPAUSEALL" when agent is not null:
                _paused.Remove(agent);
                events.Add(New(EventType.AgentState, line.At) with { AgentId = agent, State = AgentState.Available });
                break;
            case "AGENTLOGIN" or "AGENTCALLBACKLOGIN" when agent is not null:
                _onDuty.Add(agent);
                events.Add(New(EventType.AgentLogin, line.At) with { AgentId = agent, Name = agent });
                break;
            case "AGENTLOGOFF" or "AGENTCALLBACKLOGOFF" when agent is not null:
                _onDuty.Remove(agent);
                events.Add(New(EventType.AgentLogout, line.At) with { AgentId = agent });
                break;
            case var verb when Ignored.Contains(verb):
                return new Result([], null);
            case "ENTERQUEUE" or "CONNECT" or "RINGNOANSWER" or "RINGCANCELED" or "COMPLETECALLER" or "COMPLETEAGENT" or "ABANDON"
                or "EXITWITHTIMEOUT" or "EXITEMPTY" or "EXITWITHKEY" or "TRANSFER" or "BLINDTRANSFER" or "ATTENDEDTRANSFER"
                or "ADDMEMBER" or "REMOVEMEMBER" or "PAUSE" or "PAUSEALL" or "UNPAUSE" or "UNPAUSEALL"
                or "AGENTLOGIN" or "AGENTCALLBACKLOGIN" or "AGENTLOGOFF" or "AGENTCALLBACKLOGOFF":
                return new Result([], $"{line.Verb}: its call id, queue or agent is missing");
            default:
                return new Result([], $"unknown event {LogText.Safe(line.Verb)}");
        }
        return new Result(events, null);

        // Asterisk logs no wrap-up (a queue's wrapuptime is configuration): the member is ready when the call ends,
        // unless paused meanwhile.
        void ReadyAfterTheCall(string? member, DateTimeOffset at)
        {
            if (member is not null && !_paused.Contains(member))
                events.Add(New(EventType.AgentState, at) with { AgentId = member, State = AgentState.Available });
        }
    }

    /// <summary>TRANSFER and BLINDTRANSFER: extension|context|holdtime|calltime|origposition. ATTENDEDTRANSFER: BRIDGE|
    /// bridge|holdtime|calltime|origposition, APP|app|holdtime|calltime|origposition, or LINK|channel|channel|holdtime|
    /// calltime|origposition (older: extension|context|holdtime|calltime). Hold and call times must be whole seconds.</summary>
    private static bool TransferLayoutIsValid(QueueLogLine line)
    {
        var (hold, call) = line.Verb != "ATTENDEDTRANSFER" ? (3, 4) : line[1] switch
        {
            "BRIDGE" or "APP" => (3, 4),
            "LINK" => (4, 5),
            _ => (3, 4),
        };
        return Seconds(line[hold]) is not null && Seconds(line[call]) is not null;
    }

    /// <summary>That many seconds before <paramref name="at"/>, for a ring of up to a day (a longer one is a broken field,
    /// and date arithmetic on it could leave the calendar).</summary>
    private static DateTimeOffset? Before(DateTimeOffset at, double seconds) =>
        seconds <= 86_400 && at - DateTimeOffset.MinValue > TimeSpan.FromDays(1) ? at.AddSeconds(-seconds) : null;

    private static double? Seconds(string field) =>
        double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0 ? value : null;

    private static string IdOf(string raw, int index) =>
        $"ql-{XxHash3.HashToUInt64(MemoryMarshal.AsBytes(raw.TrimEnd('\r').AsSpan())):x16}-{index}";
}

/// <summary>Agents as queue_log names them: a channel (<c>SIP/1001</c>, <c>PJSIP/alice</c>,
/// <c>Local/2004@from-internal/n</c>, <c>Agent/3001</c>) or a member name. The dashboard's agent id is the extension
/// or name without technology and context, so one person keeps one id whichever way a line names them.</summary>
public static class AgentIds
{
    public static string? Normalize(string? agent)
    {
        if (string.IsNullOrWhiteSpace(agent))
            return null;
        var id = agent.Trim();
        var slash = id.IndexOf('/');
        if (slash > 0 && !id[..slash].Contains(' '))
            id = id[(slash + 1)..];                 // SIP/1001 → 1001, Local/2004@ctx/n → 2004@ctx/n
        var at = id.IndexOf('@');
        if (at > 0)
            id = id[..at];                          // 2004@from-internal/n → 2004
        var rest = id.IndexOf('/');
        if (rest > 0)
            id = id[..rest];
        return id.Length is 0 ? null : id; // its length and characters: EventRules
    }
}
