using Bunit;
using Dashboard.Web.Components.Shared;

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
        Assert.Equal("2025-03-10 08:50 · overdue", callbacks[0].QuerySelector("td")!.TextContent);
        Assert.Contains("agent-work__overdue", callbacks[0].ClassList);
        Assert.Equal("2025-03-10 09:30", callbacks[1].QuerySelector("td")!.TextContent);
        Assert.DoesNotContain("agent-work__overdue", callbacks[1].ClassList);
        var complaint = Assert.Single(cut.FindAllByTestId("complaint"));
        Assert.Equal(["2025-03-10 07:00", "k1 (billing)", "Serious", "Escalated"], complaint.QuerySelectorAll("td").Select(td => td.TextContent));
    }

    [Fact]
    public void Render_NothingOwed_SaysSo()
    {
        var cut = Render<AgentWork>(p => p.Add(c => c.AgentId, "a2"));

        cut.WaitForAssertion(() => Assert.Single(cut.FindAllByTestId("no-callbacks")));
        Assert.Single(cut.FindAllByTestId("no-complaints"));
    }
}
