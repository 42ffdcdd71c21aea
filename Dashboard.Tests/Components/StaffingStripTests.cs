using Bunit;
using Dashboard.Tests.Localization;
using Dashboard.Web.Components.Shared;

namespace Dashboard.Tests.Components;

/// <summary>The floor's staffing strip: each team's "on duty/planned" is said in words, in both languages.</summary>
public class StaffingStripTests : ComponentTestBase
{
    private static readonly StaffingNow Day = new(
        new Shift("Day", new TimeOnly(8, 0), new TimeOnly(17, 0)),
        [new TeamStaffing("Service", Planned: 0, OnDuty: 10), new TeamStaffing("Sales", Planned: 4, OnDuty: 2)]);

    [Fact]
    public void Teams_InEnglish_LegendSaysOnDutyOverPlanned_AndEachTeamsTooltipInWords()
    {
        var cut = Render<StaffingStrip>(p => p.Add(s => s.Now, Day));

        Assert.Equal("Teams, on duty/planned:", cut.FindByTestId("staffing-legend").TextContent);
        var service = cut.Find("[data-testid=staffing-team][data-team=Service]");
        Assert.Equal("10/0", service.QuerySelector("b")!.TextContent);
        Assert.Equal("Service: 10 on duty, 0 planned", service.GetAttribute("title"));
    }

    [Fact]
    public void Teams_InChinese_LegendInChinese()
    {
        using var _ = TestText.Culture("zh-CN");

        var cut = Render<StaffingStrip>(p => p.Add(s => s.Now, Day));

        Assert.Equal("各班组 在岗/编制：", cut.FindByTestId("staffing-legend").TextContent);
        Assert.Equal("Service：在岗 10，编制 0", cut.Find("[data-testid=staffing-team][data-team=Service]").GetAttribute("title"));
    }

    [Fact]
    public void NoTeams_NoLegend()
    {
        var cut = Render<StaffingStrip>(p => p.Add(s => s.Now, new StaffingNow(null, [])));

        Assert.Empty(cut.FindAll("[data-testid=staffing-legend]"));
    }
}
