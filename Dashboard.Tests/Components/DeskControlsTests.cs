using Bunit;
using Dashboard.Web.Components.Shared;
using Dashboard.Web.Management;
using Dashboard.Web.Security;
using MudBlazor;

namespace Dashboard.Tests.Components;

/// <summary>Who is shown which desk controls, and what a click sends.</summary>
public sealed class DeskControlsTests : ComponentTestBase
{
    private IRenderedComponent<MudPopoverProvider> _popovers = null!;

    private IRenderedComponent<DeskControls> RenderFor(string agentId, bool compact, AgentState state = AgentState.Available)
    {
        _popovers = Render<MudPopoverProvider>(); // menus open into the popover provider
        return Render<DeskControls>(p => p
            .Add(c => c.Agent, Snapshots.Agent(agentId, state: state))
            .Add(c => c.Compact, compact));
    }

    [Fact]
    public void Agent_OwnPage_AvailableAndNotReadyButNoLogOut()
    {
        SignInAs([Roles.Agent], agentId: "a1");

        var cut = RenderFor("a1", compact: false);

        Assert.Single(cut.FindAll("[data-testid=desk-controls]"));
        Assert.Empty(cut.FindAll("[data-testid=desk-log-out]"));
    }

    [Fact]
    public void Agent_AnotherAgentsPage_NoControls()
    {
        SignInAs([Roles.Agent], agentId: "a1");

        var cut = RenderFor("a2", compact: false);

        Assert.Empty(cut.FindAll("[data-testid=desk-controls]"));
    }

    [Theory]
    [InlineData(Roles.Analyst)]
    [InlineData(Roles.Admin)]
    public void ReadOnlyRoles_NoControls(string role)
    {
        SignInAs(role);

        var cut = RenderFor("a1", compact: true);

        Assert.Empty(cut.FindAll("[data-testid=desk-menu]"));
    }

    [Fact]
    public void Supervisor_FloorMenu_NotReadyWithAReasonSendsThatCommand()
    {
        SignInAs(Roles.Supervisor);
        var cut = RenderFor("a1", compact: true);

        cut.Find("[data-testid=desk-menu] button").Click();
        _popovers.WaitForAssertion(() => Assert.Single(_popovers.FindAll("[data-testid=desk-not-ready][data-reason=lunch]")));
        _popovers.Find("[data-testid=desk-not-ready][data-reason=lunch]").Click();

        cut.WaitForAssertion(() => Assert.Single(Desks.Commands));
        var (command, by) = Desks.Commands.Single();
        Assert.Equal(new DeskCommand("a1", DeskCommandKind.NotReady, "lunch"), command);
        Assert.True(by.IsInRole(Roles.Supervisor));
    }

    [Theory]
    [InlineData(AgentState.OnCall, false, false)]
    [InlineData(AgentState.Ringing, false, false)]
    [InlineData(AgentState.WrapUp, true, false)]
    [InlineData(AgentState.NotReady, true, true)]
    [InlineData(AgentState.Available, false, true)]
    public void Supervisor_FloorMenu_OffersOnlyWhatTheAgentsStateAllows(AgentState state, bool available, bool logOut)
    {
        SignInAs(Roles.Supervisor);
        var cut = RenderFor("a1", compact: true, state);

        cut.Find("[data-testid=desk-menu] button").Click();
        _popovers.WaitForAssertion(() => Assert.Single(_popovers.FindAll("[data-testid=desk-available]")));

        Assert.Equal((available, logOut), (Enabled("desk-available"), Enabled("desk-log-out")));
        Assert.All(_popovers.FindAll("[data-testid=desk-not-ready]"), item => Assert.DoesNotContain("mud-disabled", item.ClassName ?? ""));
    }

    [Theory]
    [InlineData(AgentState.OnCall, false)]
    [InlineData(AgentState.WrapUp, true)]
    public void Agent_OwnPage_NoAvailableButtonDuringACall(AgentState state, bool available)
    {
        SignInAs([Roles.Agent], agentId: "a1");

        var cut = RenderFor("a1", compact: false, state);

        Assert.Equal(!available, cut.Find("button[data-testid=desk-available]").HasAttribute("disabled"));
    }

    private bool Enabled(string testId) =>
        _popovers.Find($"[data-testid={testId}]") is var item && !(item.ClassName ?? "").Contains("mud-disabled") && !item.HasAttribute("disabled");
}
