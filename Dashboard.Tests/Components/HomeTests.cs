using Bunit;
using Dashboard.Web.Components.Pages;
using Dashboard.Web.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Tests.Components;

public class HomeTests : ComponentTestBase
{
    [Fact]
    public void Render_Manager_LinksToWallboardFloorAndReports()
    {
        SignInAs(Roles.Manager);

        var cut = Render<Home>();

        Assert.Equal("wallboard", cut.FindByTestId("link-wallboard").GetAttribute("href"));
        Assert.Equal("floor", cut.FindByTestId("link-floor").GetAttribute("href"));
        Assert.Equal("reports", cut.FindByTestId("link-reports").GetAttribute("href"));
    }

    [Fact]
    public void Render_InChinese_HeadingIsTheProductNameOfTheAppBar()
    {
        using var _ = Dashboard.Tests.Localization.TestText.Culture("zh-CN");
        SignInAs(Roles.Manager);

        var cut = Render<Home>();

        Assert.Equal("客服运营看板", cut.FindByTestId("home-heading").TextContent.Trim());
    }

    [Fact]
    public void Render_Admin_NoReportsLink()
    {
        SignInAs(Roles.Admin);

        var cut = Render<Home>();

        Assert.Single(cut.FindAll("[data-testid=link-floor]"));
        Assert.Empty(cut.FindAll("[data-testid=link-reports]"));
    }

    [Fact]
    public void Render_Agent_GoesToOwnDesk()
    {
        SignInAs(Roles.Agent);
        var navigation = Services.GetRequiredService<NavigationManager>();

        var cut = Render<Home>();

        Assert.EndsWith("/me", navigation.Uri);
        Assert.Empty(cut.FindAll("[data-testid=link-floor]"));
    }
}
