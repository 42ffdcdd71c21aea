using Bunit;
using Dashboard.Web.Components.Layout;
using Dashboard.Web.Security;

namespace Dashboard.Tests.Components;

public class LayoutTests : ComponentTestBase
{
    [Fact]
    public void Render_Supervisor_HasNavigationToWallboardFloorAndReports()
    {
        SignInAs(Roles.Supervisor);

        var cut = Render<MainLayout>(p => p.Add(l => l.Body, b => b.AddMarkupContent(0, "<p>page</p>")));

        Assert.Equal("wallboard", cut.FindByTestId("nav-wallboard").GetAttribute("href"));
        Assert.Equal("floor", cut.FindByTestId("nav-floor").GetAttribute("href"));
        Assert.Equal("reports", cut.FindByTestId("nav-reports").GetAttribute("href"));
        Assert.Empty(cut.FindAll("[data-testid=nav-me]"));
        Assert.Contains("tester", cut.FindByTestId("signed-in-as").TextContent);
        Assert.Contains("page", cut.Markup);
    }

    [Fact]
    public void Render_Agent_OnlyOwnDesk()
    {
        SignInAs(Roles.Agent);

        var cut = Render<MainLayout>(p => p.Add(l => l.Body, b => b.AddMarkupContent(0, "<p>page</p>")));

        Assert.Equal("me", cut.FindByTestId("nav-me").GetAttribute("href"));
        Assert.Empty(cut.FindAll("[data-testid=nav-floor]"));
        Assert.Empty(cut.FindAll("[data-testid=nav-wallboard]"));
        Assert.Empty(cut.FindAll("[data-testid=nav-reports]"));
    }

    [Fact]
    public void Render_Admin_HasUsersAndApiKeys()
    {
        SignInAs(Roles.Admin);

        var cut = Render<MainLayout>(p => p.Add(l => l.Body, b => b.AddMarkupContent(0, "<p>page</p>")));

        Assert.Equal("admin/users", cut.FindByTestId("nav-users").GetAttribute("href"));
        Assert.Equal("admin/api-keys", cut.FindByTestId("nav-api-keys").GetAttribute("href"));
    }

    [Theory]
    [InlineData(Roles.Manager)]
    [InlineData(Roles.Supervisor)]
    [InlineData(Roles.Analyst)]
    [InlineData(Roles.Agent)]
    public void Render_NotAdmin_NoUsersOrApiKeys(string role)
    {
        SignInAs(role);

        var cut = Render<MainLayout>(p => p.Add(l => l.Body, b => b.AddMarkupContent(0, "<p>page</p>")));

        Assert.Empty(cut.FindAll("[data-testid=nav-users]"));
        Assert.Empty(cut.FindAll("[data-testid=nav-api-keys]"));
    }
}
