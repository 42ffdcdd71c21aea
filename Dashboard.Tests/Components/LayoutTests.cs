using Dashboard.Web.Components.Layout;

namespace Dashboard.Tests.Components;

public class LayoutTests : ComponentTestBase
{
    [Fact]
    public void Render_DeskLayout_HasNavigationToWallboardFloorAndReports()
    {
        var cut = Render<MainLayout>(p => p.Add(l => l.Body, b => b.AddMarkupContent(0, "<p>page</p>")));

        Assert.Equal("wallboard", cut.FindByTestId("nav-wallboard").GetAttribute("href"));
        Assert.Equal("floor", cut.FindByTestId("nav-floor").GetAttribute("href"));
        Assert.Equal("reports", cut.FindByTestId("nav-reports").GetAttribute("href"));
        Assert.Contains("page", cut.Markup);
    }
}
