using System.Globalization;
using System.Text;

namespace Dashboard.Web.TimeSeries.Influx;

/// <summary>
/// InfluxQL text built only through these helpers: identifiers in double quotes and string literals in single
/// quotes, with backslash, the quote and newline escaped, so a name can never end a literal or add a clause.
/// </summary>
public static class InfluxQl
{
    public static string Identifier(string name) => Quote(name, '"');

    public static string Literal(string value) => Quote(value, '\'');

    /// <summary>An instant as an RFC 3339 literal with 100-ns digits (InfluxQL compares time against it exactly).</summary>
    public static string Time(DateTimeOffset at) =>
        Literal(at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));

    /// <summary>
    /// SELECT * of one measurement with the filter's tags, over the point times of records in [From, To) (whole
    /// seconds around it: <see cref="InfluxLineProtocol.PointTimes"/>); values of tags pass through <see cref="TagCodec"/>.
    /// </summary>
    public static string Select(HistoryFilter filter)
    {
        var (from, to) = InfluxLineProtocol.PointTimes(filter.From, filter.To);
        var q = new StringBuilder("SELECT * FROM ")
            .Append(Identifier(InfluxLineProtocol.Measurement(filter.Kind)))
            .Append(" WHERE time >= ").Append(Time(from))
            .Append(" AND time < ").Append(Time(to));
        if (filter.QueueId is { } queue && filter.Kind != HistoryKind.AgentState)
            Equal(q, InfluxLineProtocol.QueueTag, queue);
        if (filter.AgentId is { } agent && filter.Kind != HistoryKind.QueueSample)
            Equal(q, InfluxLineProtocol.AgentTag, agent);
        if (filter.Outcome is { } outcome && filter.Kind == HistoryKind.Contact)
            Equal(q, InfluxLineProtocol.OutcomeTag, InfluxLineProtocol.Word(outcome));
        return q.Append(" ORDER BY time ASC").ToString();
    }

    private static void Equal(StringBuilder q, string tag, string value) =>
        q.Append(" AND ").Append(Identifier(tag)).Append(" = ").Append(Literal(TagCodec.Encode(value)));

    private static string Quote(string text, char quote)
    {
        var sb = new StringBuilder(text.Length + 2).Append(quote);
        foreach (var c in text)
        {
            switch (c)
            {
                case '\\': sb.Append(@"\\"); break;
                case '\n': sb.Append(@"\n"); break;
                default:
                    if (c == quote)
                        sb.Append('\\');
                    sb.Append(c);
                    break;
            }
        }
        return sb.Append(quote).ToString();
    }
}

/// <summary>
/// Tag values and string fields as stored: percent-encoding of '%', '\' and control characters, which line
/// protocol cannot carry reliably (a trailing backslash escapes the separator after it; a newline ends the line).
/// Commas, spaces, equals signs and quotes are left to line protocol's own escaping (<see cref="InfluxLineProtocol"/>).
/// </summary>
public static class TagCodec
{
    public static string Encode(string value)
    {
        var needs = false;
        foreach (var c in value)
            needs |= c is '%' or '\\' || char.IsControl(c);
        if (!needs)
            return value;
        var sb = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (c is '%' or '\\' || char.IsControl(c))
                sb.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            else
                sb.Append(c);
        }
        return sb.ToString();
    }

    public static string Decode(string stored)
    {
        if (!stored.Contains('%'))
            return stored;
        var sb = new StringBuilder(stored.Length);
        for (var i = 0; i < stored.Length; i++)
        {
            if (stored[i] == '%' && i + 2 < stored.Length
                && int.TryParse(stored.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
            {
                sb.Append((char)code);
                i += 2;
            }
            else
            {
                sb.Append(stored[i]);
            }
        }
        return sb.ToString();
    }
}
