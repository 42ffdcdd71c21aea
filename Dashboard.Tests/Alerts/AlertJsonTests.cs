using System.Text.Json;
using Dashboard.Grains.Alerts;
using Dashboard.Web.Hosting;
using Dashboard.Web.Localization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Alerts;

/// <summary>The API and the hub still send each alert's English message, now written by the web host.</summary>
public class AlertJsonTests
{
    private static JsonSerializerOptions ApiOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        JsonDefaults.Apply(options);
        var localizers = new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance);
        var clock = new CenterClock(new FakeTimeProvider(), TimeZoneInfo.Utc, new TimeOnly(0, 0));
        options.Converters.Add(new AlertJsonConverter(localizers, clock));
        return options;
    }

    [Fact]
    public void Serialize_Alert_HasTheEnglishMessageAndItsFigures()
    {
        var alert = new Alert("queue:sales:longest-wait", AlertScope.Queue, "sales", "Sales", AlertEngine.LongestWaitRule,
            AlertSeverity.Critical, 125, 120, DateTimeOffset.UnixEpoch, null) { Peak = 130 };

        using var json = JsonDocument.Parse(JsonSerializer.Serialize<IReadOnlyList<Alert>>([alert], ApiOptions()));
        var element = json.RootElement[0];

        Assert.Equal(("Longest wait 2:05, over 2:00", "critical", 125.0, 130.0, true),
            (element.GetProperty("message").GetString(), element.GetProperty("severity").GetString(),
             element.GetProperty("value").GetDouble(), element.GetProperty("peak").GetDouble(),
             element.GetProperty("holding").GetBoolean()));
    }

    [Fact]
    public void Serialize_InChineseRequest_MessageStaysEnglish()
    {
        using var _ = Localization.TestText.Culture("zh-CN");
        var alert = new Alert("queue:sales:no-agent-available", AlertScope.Queue, "sales", "Sales",
            AlertEngine.NoAgentAvailableRule, AlertSeverity.Warning, 2, 1, DateTimeOffset.UnixEpoch, null);

        var json = JsonSerializer.Serialize(alert, ApiOptions());

        Assert.Contains("\"message\":\"2 contacts waiting and no agent available\"", json);
    }
}
