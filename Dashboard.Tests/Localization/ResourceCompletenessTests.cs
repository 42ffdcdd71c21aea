using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using Dashboard.Web.Localization;

namespace Dashboard.Tests.Localization;

/// <summary>The UI resource is complete in both languages: every English key has a Chinese text and the other way
/// round, with the same placeholders; and every key the components ask for exists.</summary>
public sealed partial class ResourceCompletenessTests
{
    private static readonly ResourceManager Resources = new(typeof(UiText).FullName!, typeof(UiText).Assembly);

    private static Dictionary<string, string> Texts(string culture)
    {
        var set = Resources.GetResourceSet(CultureInfo.GetCultureInfo(culture), createIfNotExists: true, tryParents: false)
            ?? throw new InvalidOperationException($"no resources for '{culture}'");
        return set.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!, StringComparer.Ordinal);
    }

    private static Dictionary<string, string> English => Texts(CultureInfo.InvariantCulture.Name);

    private static Dictionary<string, string> Chinese => Texts(Languages.Chinese);

    [Fact]
    public void Neutral_EveryKey_HasANonEmptyChineseText()
    {
        var chinese = Chinese;

        var missing = English.Keys.Where(k => !chinese.TryGetValue(k, out var text) || string.IsNullOrWhiteSpace(text)).Order().ToList();

        Assert.True(English.Count > 300, $"only {English.Count} English texts");
        Assert.Empty(missing);
    }

    [Fact]
    public void Chinese_EveryKey_HasANonEmptyEnglishText()
    {
        var english = English;

        var missing = Chinese.Keys.Where(k => !english.TryGetValue(k, out var text) || string.IsNullOrWhiteSpace(text)).Order().ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void BothLanguages_EveryText_HasTheSamePlaceholders()
    {
        var chinese = Chinese;

        var different = English
            .Where(e => chinese.TryGetValue(e.Key, out var zh) && !Placeholders(e.Value).SetEquals(Placeholders(zh)))
            .Select(e => e.Key).ToList();

        Assert.Empty(different);
    }

    [Fact]
    public void Chinese_TextsOfWords_AreWrittenInChinese()
    {
        // A Chinese text with no Chinese character is an English text left in place (the MudBlazor keys and the
        // separators are the exceptions, and they contain no letters).
        var untranslated = Chinese
            .Where(e => !HasChinese().IsMatch(e.Value) && Words().IsMatch(Placeholder().Replace(e.Value, "")))
            .Select(e => e.Key).ToList();

        Assert.Empty(untranslated);
    }

    [Fact]
    public void English_EveryText_IsInEnglishOnly()
    {
        // The English UI in English only: no Chinese gloss in brackets ("Callback (回访)").
        var mixed = English.Where(e => HasChinese().IsMatch(e.Value)).Select(e => $"{e.Key}: {e.Value}").ToList();

        Assert.Empty(mixed);
    }

    [Fact]
    public void BothLanguages_TheProduct_HasOneName()
    {
        // One name, App.Title (the app bar's and the browser tab's): no second product name under another key.
        var chinese = Chinese;

        var others = chinese.Where(e => e.Key != "App.Title" && e.Value.Contains("运营看板", StringComparison.Ordinal)).Select(e => e.Key).ToList();

        Assert.Equal("客服运营看板", chinese["App.Title"]);
        Assert.Empty(others);
    }

    [Fact]
    public void Components_EveryLiteralKey_IsInTheResource()
    {
        var english = English;
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "Dashboard.sln")))
            root = root.Parent ?? throw new InvalidOperationException("repository root not found");
        var sources = Directory.EnumerateFiles(Path.Combine(root.FullName, "Dashboard.Web"), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

        var unknown = sources
            .SelectMany(f => LiteralKey().Matches(File.ReadAllText(f)).Select(m => (File: Path.GetFileName(f), Key: m.Groups[1].Value)))
            .Where(k => !english.ContainsKey(k.Key))
            .Select(k => $"{k.File}: {k.Key}").Distinct().ToList();

        Assert.Empty(unknown);
    }

    private static HashSet<string> Placeholders(string text) => [.. Placeholder().Matches(text).Select(m => m.Value)];

    [GeneratedRegex(@"\{[a-z_0-9]+\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex HasChinese();

    [GeneratedRegex("[A-Za-z]{2,}")]
    private static partial Regex Words();

    // L["Some.Key"] and L["Some.Key", …] with a literal key (keys built at run time are checked by the tests of their pages).
    [GeneratedRegex(@"\b(?:L|text)\[""([^""]+)""\s*[\],]")]
    private static partial Regex LiteralKey();
}
