using Bunit;
using Dashboard.Web.Components.Shared;
using Dashboard.Web.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dashboard.Tests.Components;

/// <summary>An agent's own work on their page: callbacks owed (overdue marked) and open complaints.</summary>
public sealed class AgentWorkTests : ComponentTestBase
{
    [Fact]
    public void Render_CallbacksAndComplaints_InTheCentersTime_OverdueMarked()
    {
        DeskItems.Desks["a1"] = new AgentDesk("a1",
            [new ComplaintFact("k1", 1, "sales", "a1", ComplaintSeverity.Serious, ComplaintStatus.Escalated, Now.AddHours(-2), "billing")],
            [
                new Callback("cb-late", Now.AddMinutes(-10), "sales", null, "card", Now.AddHours(-1)),
                new Callback("cb-next", Now.AddMinutes(30), null, null, "loan", Now.AddMinutes(-5)),
            ]);

        var cut = Render<AgentWork>(p => p.Add(c => c.AgentId, "a1"));

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAllByTestId("callback").Count));
        var callbacks = cut.FindAllByTestId("callback");
        // Due today: the time alone, and how late when it is.
        Assert.Equal("08:50 · 10:00 overdue", callbacks[0].QuerySelector("td")!.TextContent);
        Assert.Contains("agent-work__overdue", callbacks[0].ClassList);
        Assert.Equal("09:30", callbacks[1].QuerySelector("td")!.TextContent);
        Assert.DoesNotContain("agent-work__overdue", callbacks[1].ClassList);
        var complaint = Assert.Single(cut.FindAllByTestId("complaint"));
        Assert.Equal(["2025-03-10 07:00", "k1 (billing)", "Serious", "Escalated", ""], complaint.QuerySelectorAll("td").Select(td => td.TextContent));
    }

    [Fact]
    public void Render_AComplaintsReturnCall_SaysSoWithTheComplaintsId()
    {
        DeskItems.Desks["a4"] = new AgentDesk("a4", [], [new Callback("RC-K-1001-0", Now.AddHours(20), "sales", null, "K-1001", Now)]);

        var cut = Render<AgentWork>(p => p.Add(c => c.AgentId, "a4"));

        cut.WaitForAssertion(() => Assert.Equal("Return call for complaint K-1001", cut.FindByTestId("callback-return-call").TextContent));
    }

    [Fact]
    public void Render_OwnComplaintPastItsDueTime_RedWithHowLate_OneStillInTime_ItsNextDue()
    {
        DeskItems.Desks["a1"] = new AgentDesk("a1",
            [
                new ComplaintFact("k-late", 1, "sales", "a1", ComplaintSeverity.Serious, ComplaintStatus.Open, Now.AddHours(-2), null),
                new ComplaintFact("k-fine", 1, "sales", "a1", ComplaintSeverity.Normal, ComplaintStatus.InProgress, Now.AddHours(-1), null),
            ], []);
        Complaints.Overdue = Dashboard.Web.Complaints.OverdueComplaints.None with
        {
            Open = ImmutableDictionary<string, Dashboard.Web.Complaints.ComplaintDueState>.Empty
                // Opened 07:00, serious: first response due 07:30, nobody has acted: 1 h 30 min late.
                .Add("k-late", new(Now.AddMinutes(-90), Now.AddHours(2), Dashboard.Web.Complaints.ComplaintOverdue.FirstResponse, false, false, FirstResponsePending: true))
                // Answered: the resolution is what it waits for.
                .Add("k-fine", new(Now.AddHours(23), Now.AddHours(71), Dashboard.Web.Complaints.ComplaintOverdue.None, false, false, FirstResponsePending: false)),
        };

        var cut = Render<AgentWork>(p => p.Add(c => c.AgentId, "a1"));

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAllByTestId("complaint").Count));
        var rows = cut.FindAllByTestId("complaint");
        Assert.Equal("first response by 07:30 · 1 h 30 min overdue", rows[0].QuerySelector("[data-testid=complaint-due]")!.TextContent);
        Assert.Contains("agent-work__overdue", rows[0].ClassList);
        Assert.Equal("resolve by 2025-03-13 08:00", rows[1].QuerySelector("[data-testid=complaint-due]")!.TextContent);
        Assert.DoesNotContain("agent-work__overdue", rows[1].ClassList);
    }

    [Fact]
    public void Render_CallbackDueAnotherDay_WithItsDate()
    {
        DeskItems.Desks["a2"] = new AgentDesk("a2", [], [new Callback("cb-tomorrow", Now.AddDays(1), null, null, "loan", Now)]);

        var cut = Render<AgentWork>(p => p.Add(c => c.AgentId, "a2"));

        cut.WaitForAssertion(() => Assert.Equal("2025-03-11 09:00", cut.FindByTestId("callback").QuerySelector("td")!.TextContent));
    }

    [Fact]
    public void Render_CallbackQueue_ByItsNameAndTheSourcesWordsNotForTranslation()
    {
        Services.AddSingleton(Options.Create(new CenterOptions { Queues = [new QueueDefinition { Id = "membership", Name = "Membership" }] }));
        DeskItems.Desks["a3"] = new AgentDesk("a3",
            [new ComplaintFact("k9", 1, "membership", "a3", ComplaintSeverity.Normal, ComplaintStatus.Open, Now.AddHours(-1), "billing")],
            [new Callback("cb-1", Now.AddMinutes(30), "membership", null, "follow-up", Now)]);

        var cut = Render<AgentWork>(p => p.Add(c => c.AgentId, "a3"));

        cut.WaitForAssertion(() => Assert.Single(cut.FindAllByTestId("callback")));
        var cells = cut.FindByTestId("callback").QuerySelectorAll("td");
        Assert.Equal("Membership", cells[2].TextContent);
        Assert.Equal(("follow-up", "no"), (cells[1].TextContent, cells[1].GetAttribute("translate")));
        var complaint = cut.FindByTestId("complaint").QuerySelectorAll("td")[1];
        Assert.Equal(("k9", "no"), (complaint.QuerySelector("code")!.TextContent, complaint.GetAttribute("translate")));
    }

    [Fact]
    public void Render_NothingOwed_SaysSo()
    {
        var cut = Render<AgentWork>(p => p.Add(c => c.AgentId, "a2"));

        cut.WaitForAssertion(() => Assert.Single(cut.FindAllByTestId("no-callbacks")));
        Assert.Single(cut.FindAllByTestId("no-complaints"));
    }

    [Theory]
    [InlineData(new[] { Roles.Agent }, "a5", true)]   // their own desk
    [InlineData(new[] { Roles.Agent }, "a6", false)]  // another agent's (the page refuses it anyway)
    [InlineData(new[] { Roles.Supervisor }, null, true)]
    [InlineData(new[] { Roles.Analyst }, null, false)] // reads, changes nothing
    public void Render_DoneMenu_OnlyForWhoMayMarkTheCallbackDone(string[] roles, string? agentId, bool offered)
    {
        SignInAs(roles, agentId);
        DeskItems.Desks["a5"] = new AgentDesk("a5", [], [new Callback("cb-5", Now.AddMinutes(30), null, null, "loan", Now)]);

        var cut = Render<AgentWork>(p => p.Add(c => c.AgentId, "a5"));

        cut.WaitForAssertion(() => Assert.Single(cut.FindAllByTestId("callback")));
        cut.WaitForAssertion(() => Assert.Equal(offered, cut.FindAllByTestId("callback-done").Count == 1));
    }
}
