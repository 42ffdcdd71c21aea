using Bunit;
using Dashboard.Web.Components.Shared;

namespace Dashboard.Tests.Components;

public sealed class CatchUpNoticeTests : ComponentTestBase
{
    [Fact]
    public void While_the_journal_replays_it_says_so_with_the_time_left_and_goes_once_complete()
    {
        CatchUp.Begin(total: 1000);
        var cut = Render<CatchUpNotice>();
        Assert.Contains("Catching up after a restart", cut.FindByTestId("catch-up").TextContent);

        CatchUp.Advance(bytes: 500, events: 10);
        Time.Advance(TimeSpan.FromSeconds(1));
        // Half of the journal in the time so far: about as long again is left (whole seconds, m:ss).
        cut.WaitForAssertion(() => Assert.Matches(@"complete in about 0:\d\d", cut.FindByTestId("catch-up").TextContent));

        CatchUp.Finish();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=catch-up]")));
    }

    [Fact]
    public void In_Chinese()
    {
        System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.CurrentUICulture =
            System.Globalization.CultureInfo.GetCultureInfo(Dashboard.Web.Localization.Languages.Chinese);
        CatchUp.Begin(total: 1000);
        var cut = Render<CatchUpNotice>();
        Assert.Contains("重启后正在补回数据", cut.FindByTestId("catch-up").TextContent);
    }

    [Fact]
    public void Nothing_once_caught_up()
    {
        CatchUp.Begin(total: 0);
        CatchUp.Finish();
        var cut = Render<CatchUpNotice>();
        Assert.Empty(cut.FindAll("[data-testid=catch-up]"));
    }

    [Fact]
    public void It_shows_again_when_catching_up_begins_again_as_a_cluster_rebuilding_after_a_lost_host_does()
    {
        CatchUp.Begin(total: 0);
        CatchUp.Finish();
        var cut = Render<CatchUpNotice>();
        Assert.Empty(cut.FindAll("[data-testid=catch-up]"));

        CatchUp.Begin(total: 100);
        Assert.False(CatchUp.IsComplete);
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=catch-up]")));
        CatchUp.Finish();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=catch-up]")));
    }
}
