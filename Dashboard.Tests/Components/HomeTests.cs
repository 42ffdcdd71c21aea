using Dashboard.Web.Components.Pages;

namespace Dashboard.Tests.Components;

public class HomeTests : ComponentTestBase
{
    [Fact]
    public void Render_Landing_LinksToWallboardAndFloor()
    {
        var cut = Render<Home>();

        Assert.Equal("wallboard", cut.FindByTestId("link-wallboard").GetAttribute("href"));
        Assert.Equal("floor", cut.FindByTestId("link-floor").GetAttribute("href"));
    }
}
