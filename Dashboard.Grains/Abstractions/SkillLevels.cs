namespace Dashboard.Grains.Abstractions;

/// <summary>
/// How well an agent serves a queue, 1 (least) to 5 (best), as contact centers rate proficiency; routing offers a
/// contact to the most skilled available agent first, then the longest idle.
/// </summary>
public static class SkillLevels
{
    public const int Min = 1;
    public const int Max = 5;

    /// <summary>An agent's level for a queue nobody rated.</summary>
    public const int Default = 3;

    public static bool IsValid(int level) => level is >= Min and <= Max;

    /// <summary>Levels for exactly <paramref name="queues"/>: the given level, else the one held before, else the default.</summary>
    public static ImmutableDictionary<string, int> For(
        IEnumerable<string> queues, IReadOnlyDictionary<string, int>? given, IReadOnlyDictionary<string, int>? before) =>
        queues.Distinct(StringComparer.Ordinal).ToImmutableDictionary(
            q => q,
            q => given?.GetValueOrDefault(q) is { } g && IsValid(g) ? g
                : before?.GetValueOrDefault(q) is { } b && IsValid(b) ? b
                : Default,
            StringComparer.Ordinal);
}
