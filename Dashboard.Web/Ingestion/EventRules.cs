namespace Dashboard.Web.Ingestion;

/// <summary>
/// The rules an event's values must keep, whatever its source (<c>POST /api/events</c>, queue_log): the one home of the
/// limits in docs/events.md §1.4. Sources check every event here before handing any to the pipeline, so a bad event
/// is refused on its own and never reaches a grain — where it could fail one phase after earlier ones had applied
/// the batch's good events.
/// </summary>
public sealed class EventRules(TimeProvider time)
{
    public const int MaxIdLength = 128;

    /// <summary>Names, teams, reason codes, categories, topics, "by": short labels shown on every screen.</summary>
    public const int MaxTextLength = 200;

    /// <summary>A complaint's note: a few paragraphs of what was done, not a label.</summary>
    public const int MaxNoteLength = 2_000;

    public static readonly TimeSpan MaxFutureSkew = TimeSpan.FromMinutes(5);

    /// <summary>Nothing a telephony source reports happened before this; older is a broken clock or field.</summary>
    public static readonly DateTimeOffset Earliest = DateTimeOffset.UnixEpoch;

    public static readonly string IdRule = $"must be 1–{MaxIdLength} characters";
    public static readonly string TextRule = $"must be at most {MaxTextLength} characters";
    public const string ControlRule = "must not contain control characters (line breaks, tabs, escapes, NUL)";
    public const string UnicodeRule = "must be valid Unicode text (UTF-8, no unpaired surrogate)";

    /// <summary>"field: rule" for each rule <paramref name="e"/> breaks, named as the contract names the field; empty when none.</summary>
    public List<string> Check(CenterEvent e)
    {
        var errors = new List<string>();
        Id(errors, "id", e.Id, required: true);
        Time(errors, "at", e.At);
        Id(errors, "agentId", e.AgentId);
        Id(errors, "callId", e.CallId);
        Id(errors, "queueId", e.QueueId);
        Id(errors, "complaintId", e.ComplaintId);
        Id(errors, "callbackId", e.CallbackId);
        Id(errors, "toQueueId", e.ToQueueId);
        Id(errors, "toAgentId", e.ToAgentId);
        if (e.Queues is { } queues && queues.FirstOrDefault(q => IdProblem(q) is not null) is { } bad)
            errors.Add($"queues: must be an array of ids, each of which {IdProblem(bad)}");
        Text(errors, "name", e.Name);
        Text(errors, "team", e.Team);
        Text(errors, "reason", e.Reason);
        Text(errors, e.Type == EventType.CallbackScheduled ? "topic" : "category", e.Category);
        Text(errors, "by", e.By);
        Id(errors, "customerId", e.CustomerId);
        Text(errors, "to", e.EscalatedTo);
        Text(errors, "resolution", e.Resolution);
        Note(errors, e.Type == EventType.SurveyCompleted ? "comment" : "note", e.Note);
        if (e.RingEndedAt is { } ringEnded)
            Time(errors, "ringEndedAt", ringEnded);
        return errors;
    }

    private void Time(List<string> errors, string field, DateTimeOffset at)
    {
        if (at > time.GetUtcNow() + MaxFutureSkew)
            errors.Add($"{field}: must not be more than 5 minutes in the future");
        else if (at < Earliest)
            errors.Add($"{field}: must not be before 1970");
    }

    private static void Id(List<string> errors, string field, string? value, bool required = false)
    {
        if ((value is not null || required) && IdProblem(value ?? "") is { } rule)
            errors.Add($"{field}: {rule}");
    }

    private static string? IdProblem(string value) =>
        value.Length is 0 or > MaxIdLength ? IdRule : TextProblem(value);

    /// <summary>A note may run over lines (line breaks and tabs are allowed); other control characters are not.</summary>
    private static void Note(List<string> errors, string field, string? value)
    {
        if (value is null)
            return;
        if (value.Length > MaxNoteLength)
            errors.Add($"{field}: must be at most {MaxNoteLength} characters");
        else if (TextProblem(value.Replace('\n', ' ').Replace('\r', ' ').Replace('\t', ' ')) is { } rule)
            errors.Add($"{field}: {rule}");
    }

    private static void Text(List<string> errors, string field, string? value)
    {
        if (value is null)
            return;
        if ((value.Length > MaxTextLength ? TextRule : TextProblem(value)) is { } rule)
            errors.Add($"{field}: {rule}");
    }

    /// <summary>
    /// Control characters (C0, DEL, C1, and the Unicode line and paragraph separators) would reach logs and CSV raw — a
    /// forged log line, a terminal escape — and are never part of an id or a label; an unpaired surrogate is not text.
    /// </summary>
    private static string? TextProblem(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsControl(c) || c is '\u2028' or '\u2029')
                return ControlRule;
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                i++;
            else if (char.IsSurrogate(c))
                return UnicodeRule;
        }
        return null;
    }
}
