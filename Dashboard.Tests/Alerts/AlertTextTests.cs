using Dashboard.Grains.Alerts;

namespace Dashboard.Tests.Alerts;

public class AlertTextTests
{
    [Theory]
    [InlineData(0, "0:00")]
    [InlineData(59.9, "0:59")] // whole seconds, rounded down
    [InlineData(125, "2:05")] // 2 × 60 + 5
    [InlineData(3725, "1:02:05")] // 3600 + 2 × 60 + 5
    public void Duration_Seconds_MinutesAndSeconds(double seconds, string expected)
    {
        Assert.Equal(expected, AlertEngine.Duration(seconds));
    }

    [Theory]
    [InlineData(0.62, "62%")]
    [InlineData(0.625, "62.5%")]
    [InlineData(0.8, "80%")]
    public void Percent_Ratio_HumanPercent(double ratio, string expected)
    {
        Assert.Equal(expected, AlertEngine.Percent(ratio));
    }

    [Fact]
    public void Describe_CriticalServiceLevel_NamesTheTarget()
    {
        var message = AlertEngine.Describe(AlertEngine.ServiceLevelRule, 0.62, 0.70, 0.80, null);

        Assert.Equal("Service level 62% over the last 30 minutes, below the 80% target", message);
    }

    [Fact]
    public void Describe_OneContactWaitingWithNoAgent_Singular()
    {
        var message = AlertEngine.Describe(AlertEngine.NoAgentAvailableRule, 1, 1, 1, null);

        Assert.Equal("1 contact waiting and no agent available", message);
    }
}
