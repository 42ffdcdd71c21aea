using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Grains.Complaints;
using Dashboard.Tests.Support;
using Dashboard.Web.Security;

namespace Dashboard.Tests.Complaints;

/// <summary>Return calls (回访) as callbacks on the owner's desk (issue 18 §3): by hand, and on the real host.</summary>
public sealed class ReturnCallsTests
{
    private static readonly DateTimeOffset Ten = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);
    private static readonly ReturnCallOptions Options = new() { ReturnCallAfter = TimeSpan.FromHours(24) };

    private static ComplaintCase Case(ComplaintStatus status, string? owner = "a5", int reopened = 0, ReturnCallOutcome? call = null) =>
        new("K-1", 3, "cards", owner, ComplaintSeverity.Normal, status, Ten.AddHours(-3), null, "c-9", null, null, null, call, reopened,
            Ten.AddHours(-2), status == ComplaintStatus.Resolved ? Ten : null, null, Ten, []);

    private static CenterEvent Step(EventType type, string id = "e1") => new() { Id = id, Type = type, At = Ten, ComplaintId = "K-1", By = "sup1" };

    private static string Describe(CenterEvent e) => $"{e.Type} {e.CallbackId} {e.AgentId} {e.DueAt:dd HH:mm} {e.CallbackOutcome}";

    [Fact]
    public void Resolved_SchedulesADayLater_OnTheOwnersDesk_TheCallRecordedCompletesIt()
    {
        var now = Ten.AddMinutes(1);

        Assert.Equal(["CallbackScheduled RC-K-1-0 a5 08 10:00 "],
            ReturnCalls.For(Case(ComplaintStatus.Resolved), [Step(EventType.ComplaintResolved)], Options, now).Select(Describe));
        Assert.Equal(["CallbackCompleted RC-K-1-0 a5  Reached"],
            ReturnCalls.For(Case(ComplaintStatus.ReturnCallMade, call: ReturnCallOutcome.Satisfied), [Step(EventType.ComplaintReturnCall)], Options, now).Select(Describe));
        // Not satisfied: reopened once; the call was for the first resolution's return call.
        Assert.Equal(["CallbackCompleted RC-K-1-0 a5  Reached"],
            ReturnCalls.For(Case(ComplaintStatus.InProgress, reopened: 1, call: ReturnCallOutcome.NotSatisfied), [Step(EventType.ComplaintReturnCall)], Options, now).Select(Describe));
        // Resolved again after that reopen: its own return call.
        Assert.Equal(["CallbackScheduled RC-K-1-1 a5 08 10:00 "],
            ReturnCalls.For(Case(ComplaintStatus.Resolved, reopened: 1), [Step(EventType.ComplaintResolved)], Options, now).Select(Describe));
        Assert.All(ReturnCalls.For(Case(ComplaintStatus.Resolved), [Step(EventType.ComplaintResolved)], Options, now), e => Assert.Equal(now, e.At));
    }

    [Fact]
    public void NoOwner_OrSwitchedOff_OrTheBatchDidNotResolveIt_Nothing()
    {
        Assert.Empty(ReturnCalls.For(Case(ComplaintStatus.Resolved, owner: null), [Step(EventType.ComplaintResolved)], Options, Ten));
        Assert.Empty(ReturnCalls.For(Case(ComplaintStatus.Resolved), [Step(EventType.ComplaintResolved)], new ReturnCallOptions { ReturnCalls = false }, Ten));
        // A note on a resolved complaint changes the case, but schedules nothing again.
        Assert.Empty(ReturnCalls.For(Case(ComplaintStatus.Resolved), [Step(EventType.ComplaintNoted)], Options, Ten));
    }

    [Theory]
    [InlineData("RC-K-1001-0", "K-1001")]
    [InlineData("RC-a-b-c-12", "a-b-c")]
    [InlineData("cb-77", null)]
    [InlineData("RC-", null)]
    public void ComplaintOf_ReadsTheComplaintBackFromTheCallbackId(string callbackId, string? complaint) =>
        Assert.Equal(complaint, ReturnCalls.ComplaintOf(callbackId));

    [Fact]
    public async Task OnTheRealHost_ResolvedComplaintsReturnCallIsOnTheOwnersDesk_TheCallRecordedTakesItOff()
    {
        await using var factory = new DashboardFactory().With("Complaints:ReturnCallAfter", "02:00:00");
        (await factory.CreateClient().PostAsJsonAsync("/api/events", new[]
        {
            new { id = "rc-open", type = "complaint.opened", at = DateTimeOffset.UtcNow.AddMinutes(-30), complaintId = "K-77", queueId = "after-sales", severity = "normal", agentId = "a05" },
        })).EnsureSuccessStatusCode();
        var supervisor = await factory.SignedInClientAsync([Roles.Supervisor]);
        async Task<List<JsonElement>> Owed() =>
            [.. (await factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/agents/a05/desk")).GetProperty("callbacks").EnumerateArray()];

        var resolved = await (await supervisor.PostAsJsonAsync("/api/complaints/K-77/resolve", new { resolution = "refund" })).Content.ReadFromJsonAsync<JsonElement>();

        var callback = Assert.Single(await Owed());
        Assert.Equal("RC-K-77-0", callback.GetProperty("callbackId").GetString());
        Assert.Equal(resolved.GetProperty("resolvedAt").GetDateTimeOffset().AddHours(2), callback.GetProperty("dueAt").GetDateTimeOffset());
        (await supervisor.PostAsJsonAsync("/api/complaints/K-77/return-call", new { outcome = "satisfied" })).EnsureSuccessStatusCode();
        Assert.Empty(await Owed());
    }
}
