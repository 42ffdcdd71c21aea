using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Dashboard.Web.Audit;

/// <summary>One field of an audited change, as a person reads it: "Longest wait · warning: 60 → 45".</summary>
/// <param name="Field">The field's path in the stored JSON ("longestWait.warning"); empty when the whole value
/// changed (a list, a single value).</param>
/// <param name="Before">The value before, written for reading; null when the field did not exist.</param>
/// <param name="After">The value after; null when the field no longer exists.</param>
public sealed record FieldChange(string Field, string? Before, string? After);

/// <summary>
/// Turns an audit entry's before and after (the JSON <see cref="AuditLog"/> stores) into the fields that changed,
/// each with its value before and after: objects by their fields (nested ones by path), lists and single values
/// whole. On a creation every field shows with nothing before, on a deletion with nothing after. Values are written
/// for reading (a list of objects as "after-sales (skill level: 3)"); the raw JSON stays on the entry.
/// </summary>
public static class AuditChanges
{
    /// <summary>How values and names are written: yes/no for booleans, a field's name in the reader's words, and a
    /// number of a known field in its unit (a fraction as a percent); null from <paramref name="Number"/> writes it as is.</summary>
    public sealed record Words(string Yes, string No, Func<string, string> FieldName, Func<string, double, string?>? Number = null)
    {
        /// <summary>A moment (stored as ISO 8601) as the reader reads times: in the center's zone on the page.</summary>
        public Func<DateTimeOffset, string> Moment { get; init; } = at => at.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
    }

    public static readonly Words Plain = new("yes", "no", Humanize);

    public static IReadOnlyList<FieldChange> Of(string? before, string? after, Words? words = null)
    {
        words ??= Plain;
        var old = Flatten(before, words);
        var @new = Flatten(after, words);
        var changes = new List<FieldChange>();
        foreach (var field in old.Keys.Concat(@new.Keys.Where(k => !old.ContainsKey(k))))
        {
            var was = old.GetValueOrDefault(field);
            var now = @new.GetValueOrDefault(field);
            // A field with no value and a field not there read the same: neither is a change ("— → —").
            if ((was ?? Nothing) != (now ?? Nothing))
                changes.Add(new FieldChange(field, was, now));
        }
        return changes;
    }

    /// <summary>Field path → value as read; in the JSON's order. Not JSON (an old entry written by hand): one value.</summary>
    private static Dictionary<string, string> Flatten(string? json, Words words)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(json))
            return fields;
        try
        {
            using var document = JsonDocument.Parse(json);
            Flatten(document.RootElement, "", fields, words);
        }
        catch (JsonException)
        {
            fields[""] = json;
        }
        return fields;
    }

    private static void Flatten(JsonElement element, string path, Dictionary<string, string> fields, Words words)
    {
        if (element.ValueKind == JsonValueKind.Object && element.EnumerateObject().Any())
        {
            foreach (var property in element.EnumerateObject())
                Flatten(property.Value, path.Length == 0 ? property.Name : path + "." + property.Name, fields, words);
            return;
        }
        fields[path] = element.ValueKind == JsonValueKind.Number && words.Number?.Invoke(path, element.GetDouble()) is { } number
            ? number
            : Write(element, words);
    }

    /// <summary>A value for reading: text as it is, null as "—", a list as its items, an object inside a list as its
    /// first value with the others named in brackets.</summary>
    private static string Write(JsonElement element, Words words) => element.ValueKind switch
    {
        JsonValueKind.String => Text(element.GetString() ?? "", words),
        JsonValueKind.Number => element.GetRawText(),
        JsonValueKind.True => words.Yes,
        JsonValueKind.False => words.No,
        JsonValueKind.Null or JsonValueKind.Undefined => Nothing,
        JsonValueKind.Array => element.GetArrayLength() == 0 ? Nothing : string.Join(", ", element.EnumerateArray().Select(e => Write(e, words))),
        _ => WriteObject(element, words),
    };

    private static string WriteObject(JsonElement element, Words words)
    {
        var properties = element.EnumerateObject().ToList();
        if (properties.Count == 0)
            return Nothing;
        var text = new StringBuilder(Write(properties[0].Value, words));
        if (properties.Count > 1)
            text.Append(" (").AppendJoin(", ", properties.Skip(1).Select(p => words.FieldName(p.Name) + ": " + Write(p.Value, words))).Append(')');
        return text.ToString();
    }

    private const string Nothing = "—";

    /// <summary>Text as it is, but a moment as the reader reads times (not "2026-12-07T14:26:41.0646546+00:00").</summary>
    private static string Text(string text, Words words) =>
        text.Length >= 20 && text[4] == '-' && text[10] == 'T'
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
            ? words.Moment(at)
            : text;

    /// <summary>A JSON name in words: "skillLevel" → "skill level", "longestWait.warning" → "longest wait · warning".</summary>
    public static string Humanize(string path) =>
        string.Join(" · ", path.Split('.').Select(part =>
        {
            var words = new StringBuilder();
            foreach (var c in part)
            {
                if (char.IsUpper(c) && words.Length > 0)
                    words.Append(' ');
                words.Append(char.ToLower(c, CultureInfo.InvariantCulture));
            }
            return words.ToString();
        }));
}
