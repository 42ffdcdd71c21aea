using Dashboard.Web.Simulation;
using Dashboard.Web.Management;

namespace Dashboard.Tests.Simulation;

/// <summary>The simulated ACD carries out supervisors' desk commands as a real one would.</summary>
public sealed class DeskCommandTests
{
    // One agent, one voice queue; a call: ring 4 s, talk 180 s, wrap-up 30 s (Sim.Quiet).
    private static AcdModel Model() =>
        Sim.Model(Sim.Quiet(), Sim.Center([Sim.Queue("sales")], [Sim.Agent("a1", "sales")], "coaching", "break"));

    private static List<string> Offers(IEnumerable<CenterEvent> events) =>
        [.. events.OfType(EventType.CallOffered).Select(e => e.CallId!)];

    [Fact]
    public void NotReady_FreeAgent_AtOnceAndUntilMadeAvailable()
    {
        var model = Model();
        model.AdvanceTo(Sim.Start.AddSeconds(1));

        var result = model.Command("a1", DeskCommandKind.NotReady, "coaching");
        var events = model.AdvanceTo(Sim.Start.AddSeconds(2)).ToList();
        model.Enqueue("sales");
        var quietHours = model.AdvanceTo(Sim.Start.AddHours(3)).ToList(); // far past any break's length
        var back = model.Command("a1", DeskCommandKind.Available, null);
        var after = model.AdvanceTo(Sim.Start.AddHours(3).AddSeconds(10)).ToList();

        Assert.Equal(DeskResult.Done, result);
        var notReady = Assert.Single(events.OfType(EventType.AgentState));
        Assert.Equal((AgentState.NotReady, "coaching", Sim.Start.AddSeconds(1)), (notReady.State!.Value, notReady.Reason, notReady.At));
        Assert.Empty(Offers(quietHours));                          // the waiting call is not offered to a not-ready agent
        Assert.Equal(DeskResult.Done, back);
        Assert.Equal(AgentState.Available, after.OfType(EventType.AgentState).First().State);
        Assert.Single(Offers(after));                              // and is offered as soon as the agent is available
    }

    [Fact]
    public void NotReady_AgentOnACall_AfterTheContactAndWrapUp()
    {
        var model = Model();
        model.AdvanceTo(Sim.Start.AddSeconds(1));
        model.Enqueue("sales");
        var answered = model.AdvanceTo(Sim.Start.AddSeconds(10)).OfType(EventType.CallAnswered).Single().At; // rings 2–6 s

        var result = model.Command("a1", DeskCommandKind.NotReady, "coaching");
        var events = model.AdvanceTo(Sim.Start.AddHours(2)).ToList();

        Assert.Equal(DeskResult.AfterCurrentContact, result);
        var state = Assert.Single(events.OfType(EventType.AgentState));
        Assert.Equal((AgentState.NotReady, "coaching"), (state.State!.Value, state.Reason));
        Assert.Equal(answered.AddSeconds(180 + 30), state.At);      // talk 180 s, then wrap-up 30 s
    }

    [Fact]
    public void LogOut_DuringACall_Refused_AfterwardsDone_AndAvailableLogsBackIn()
    {
        var model = Model();
        model.AdvanceTo(Sim.Start.AddSeconds(1));
        model.Enqueue("sales");
        model.AdvanceTo(Sim.Start.AddSeconds(10));

        var refused = model.Command("a1", DeskCommandKind.LogOut, null);
        model.AdvanceTo(Sim.Start.AddMinutes(10));                 // call and wrap-up over
        var done = model.Command("a1", DeskCommandKind.LogOut, null);
        model.Enqueue("sales");
        var whileOut = model.AdvanceTo(Sim.Start.AddMinutes(30)).ToList();
        var login = model.Command("a1", DeskCommandKind.Available, null);
        var after = model.AdvanceTo(Sim.Start.AddMinutes(31)).ToList();

        Assert.Equal(DeskResult.Kinds.Refused, refused.Kind);
        Assert.Equal(DeskResult.Done, done);
        Assert.Single(whileOut.OfType(EventType.AgentLogout));
        Assert.Empty(Offers(whileOut));
        Assert.Equal(DeskResult.Done, login);
        Assert.Single(after.OfType(EventType.AgentLogin));
        Assert.Single(Offers(after));
    }

    [Fact]
    public void NotReady_LoggedOutAgent_Refused()
    {
        var model = Model();
        model.AdvanceTo(Sim.Start.AddSeconds(1));
        model.Command("a1", DeskCommandKind.LogOut, null);

        var result = model.Command("a1", DeskCommandKind.NotReady, "coaching");

        Assert.Equal(DeskResult.Kinds.Refused, result.Kind);
    }
}
