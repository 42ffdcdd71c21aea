using Bunit;
using Dashboard.Web.Components.Shared;

namespace Dashboard.Tests.Components;

public sealed class CatchUpNoticeTests : ComponentTestBase
{
    [Fact]
    public void While_the_journal_replays_it_says_so_with_the_time_left_and_goes_once_complete()
    {
        CatchUp.Begin(totalBytes: 1000);
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
        CatchUp.Begin(totalBytes: 1000);
        var cut = Render<CatchUpNotice>();
        Assert.Contains("重启后正在补回数据", cut.FindByTestId("catch-up").TextContent);
    }

    [Fact]
    public void Nothing_once_caught_up()
    {
        CatchUp.Begin(totalBytes: 0);
        CatchUp.Finish();
        var cut = Render<CatchUpNotice>();
        Assert.Empty(cut.FindAll("[data-testid=catch-up]"));
    }
}
