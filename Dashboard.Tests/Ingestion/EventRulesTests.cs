using Dashboard.Web.Ingestion;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Ingestion;

/// <summary>The limits of docs/events.md §1.4 at their edges: the last value allowed and the first refused.</summary>
public sealed class EventRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
    private readonly EventRules _rules = new(new FakeTimeProvider(Now));

    private static CenterEvent Login(string agentId = "a1", string? name = null, DateTimeOffset? at = null) =>
        new() { Id = "e1", Type = EventType.AgentLogin, At = at ?? Now, AgentId = agentId, Name = name };

    [Fact]
    public void Check_IdOf128Characters_Kept() => Assert.Empty(_rules.Check(Login(agentId: new string('a', 128))));

    [Fact]
    public void Check_IdOf129Characters_Refused() =>
        Assert.Equal(["agentId: must be 1–128 characters"], _rules.Check(Login(agentId: new string('a', 129))));

    [Fact]
    public void Check_NameOf200Characters_Kept() => Assert.Empty(_rules.Check(Login(name: new string('n', 200))));

    [Fact]
    public void Check_NameOf201Characters_Refused() =>
        Assert.Equal(["name: must be at most 200 characters"], _rules.Check(Login(name: new string('n', 201))));

    [Theory]
    [InlineData("李伟")]
    [InlineData("Zoë 👩‍💼")] // a surrogate pair, and a zero-width joiner (a format character, not a control one)
    public void Check_NameInAnyScript_Kept(string name) => Assert.Empty(_rules.Check(Login(name: name)));

    [Theory]
    [InlineData("Li\tWei")]
    [InlineData("Li\u007fWei")]
    [InlineData("Li\u0085Wei")]
    [InlineData("Li\u2029Wei")]
    public void Check_NameWithAControlCharacter_Refused(string name) =>
        Assert.Equal(["name: must not contain control characters (line breaks, tabs, escapes, NUL)"], _rules.Check(Login(name: name)));

    [Fact]
    public void Check_UnpairedSurrogate_Refused() =>
        Assert.Equal(["name: must be valid Unicode text (UTF-8, no unpaired surrogate)"], _rules.Check(Login(name: "Li\udc00")));

    [Fact]
    public void Check_AtFiveMinutesAhead_Kept() => Assert.Empty(_rules.Check(Login(at: Now.AddMinutes(5))));

    [Fact]
    public void Check_AtJustOverFiveMinutesAhead_Refused() =>
        Assert.Equal(["at: must not be more than 5 minutes in the future"], _rules.Check(Login(at: Now.AddMinutes(5).AddTicks(1))));

    [Fact]
    public void Check_AtBefore1970_Refused() =>
        Assert.Equal(["at: must not be before 1970"], _rules.Check(Login(at: new DateTimeOffset(1969, 12, 31, 23, 59, 59, TimeSpan.Zero))));

    [Fact]
    public void Check_OneBadQueueAmongTheQueues_Refused() =>
        Assert.Equal(["queues: must be an array of ids, each of which must be 1–128 characters"],
            _rules.Check(Login() with { Queues = ["sales", ""] }));
}
