using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dashboard.Tests.Support;
using Dashboard.Web.Security;

namespace Dashboard.Tests.Notifications;

/// <summary>
/// Alerts off the screen on the real host (issue 18 §2): a real critical alert (a call waiting past the longest-wait
/// limits) goes once to each supervisor channel in its chat's format (WeCom, DingTalk signed, Slack, Teams) on a
/// loopback receiver, and, still unacknowledged after the escalation delay, by e-mail to the manager through a real
/// SMTP server; a channel that refuses is logged with its error; acknowledged in time, the manager is not mailed.
/// </summary>
public sealed class AlertNotificationTests : IAsyncLifetime
{
    private const string DingTalkSecret = "SEC-a-test-secret-for-the-robot";
    private const string AlertId = "queue:complaints:longest-wait";
    private SmtpTestServer _smtp = null!;
    private WebhookReceiver _chat = null!;
    private DashboardFactory _factory = null!;

    public async Task InitializeAsync()
    {
        _smtp = await SmtpTestServer.StartAsync();
        _chat = await WebhookReceiver.StartAsync();
        string Chat(string path) => new Uri(_chat.Root, path).ToString();
        _factory = new DashboardFactory()
            .With("Alerts:RaiseAfter", "00:00:00").With("Alerts:ClearAfter", "00:00:00")
            .With("Notifications:CheckEvery", "00:00:00.200").With("Notifications:Language", "en")
            .With("Notifications:DashboardUrl", "https://dashboard.example/wallboard")
            .With("Notifications:Smtp:Host", "127.0.0.1").With("Notifications:Smtp:Port", _smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .With("Notifications:Smtp:Security", "None").With("Notifications:Smtp:From", "dashboard@bank.example")
            .With("Notifications:Channels:0:Name", "floor-wecom").With("Notifications:Channels:0:Kind", "wecom")
            .With("Notifications:Channels:0:Url", Chat("/chat/wecom?key=k1")).With("Notifications:Channels:0:Roles:0", "supervisor")
            .With("Notifications:Channels:1:Name", "floor-dingtalk").With("Notifications:Channels:1:Kind", "dingtalk")
            .With("Notifications:Channels:1:Url", Chat("/chat/dingtalk?access_token=t1")).With("Notifications:Channels:1:Secret", DingTalkSecret)
            .With("Notifications:Channels:1:Roles:0", "supervisor")
            .With("Notifications:Channels:2:Name", "floor-slack").With("Notifications:Channels:2:Kind", "slack")
            .With("Notifications:Channels:2:Url", Chat("/chat/slack")).With("Notifications:Channels:2:Roles:0", "supervisor")
            .With("Notifications:Channels:3:Name", "floor-teams").With("Notifications:Channels:3:Kind", "teams")
            .With("Notifications:Channels:3:Url", Chat("/chat/teams")).With("Notifications:Channels:3:Roles:0", "supervisor")
            .With("Notifications:Channels:4:Name", "managers-mail").With("Notifications:Channels:4:Kind", "email")
            .With("Notifications:Channels:4:To:0", "manager@bank.example").With("Notifications:Channels:4:Roles:0", "manager")
            .With("Notifications:Channels:5:Name", "qc-wecom").With("Notifications:Channels:5:Kind", "wecom")
            .With("Notifications:Channels:5:Url", Chat("/chat/refuse")).With("Notifications:Channels:5:Roles:0", "qc")
            .With("Notifications:Routes:0:MinSeverity", "Critical").With("Notifications:Routes:0:Roles:0", "supervisor").With("Notifications:Routes:0:Roles:1", "qc")
            // The escalation: still unacknowledged 5 s after it was raised, the manager is mailed.
            .With("Notifications:Routes:1:MinSeverity", "Critical").With("Notifications:Routes:1:Roles:0", "manager").With("Notifications:Routes:1:After", "00:00:05");
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _chat.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    private async Task<DateTimeOffset> RaiseAsync()
    {
        // A complaints call waiting 200 s: over the 120 s critical limit.
        (await _factory.CreateClient().PostAsJsonAsync("/api/events", new[]
        {
            new { id = "n-q1", type = "call.queued", at = DateTimeOffset.UtcNow.AddSeconds(-200), callId = "n-c1", queueId = "complaints" },
        })).EnsureSuccessStatusCode();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var alerts = await _factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/alerts");
            if (alerts.EnumerateArray().FirstOrDefault(a => a.GetProperty("id").GetString() == AlertId) is { ValueKind: JsonValueKind.Object } alert)
                return alert.GetProperty("raisedAt").GetDateTimeOffset();
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"No alert {AlertId}: {alerts}");
            await Task.Delay(50);
        }
    }

    private static JsonElement Json(WebhookReceiver.Received request) => JsonDocument.Parse(request.Body).RootElement;

    [Fact]
    public async Task CriticalAlert_EachChatOnceInItsFormat_ManagerMailedWhenNobodyAcknowledges_EveryDeliveryLogged()
    {
        await RaiseAsync();

        var chats = await _chat.WaitForAsync(r => r.Path.StartsWith("/chat/", StringComparison.Ordinal), 5);
        var mail = Assert.Single(await _smtp.WaitForAsync(1));
        await Task.Delay(1500); // a second look at the alerts sends nothing again

        Assert.Equal(["/chat/dingtalk", "/chat/refuse", "/chat/slack", "/chat/teams", "/chat/wecom"], _chat.Requests.Select(r => r.Path).Order());
        var wecom = Json(chats.Single(r => r.Path == "/chat/wecom"));
        Assert.Equal("markdown", wecom.GetProperty("msgtype").GetString());
        var content = wecom.GetProperty("markdown").GetProperty("content").GetString()!;
        Assert.StartsWith("**[Critical] Complaints · Long wait**", content);
        Assert.Contains("Longest wait 3:2", content);
        Assert.Contains("https://dashboard.example/wallboard", content);
        // DingTalk's signature, worked out here from its documented recipe: HMAC-SHA256("{timestamp}\n{secret}"), Base64.
        var ding = chats.Single(r => r.Path == "/chat/dingtalk");
        var query = System.Web.HttpUtility.ParseQueryString(ding.Query);
        var expected = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(DingTalkSecret), Encoding.UTF8.GetBytes($"{query["timestamp"]}\n{DingTalkSecret}")));
        Assert.Equal(("t1", expected), (query["access_token"], query["sign"]));
        Assert.Equal("[Critical] Complaints · Long wait", Json(ding).GetProperty("markdown").GetProperty("title").GetString());
        Assert.StartsWith("*[Critical] Complaints · Long wait*\n", Json(chats.Single(r => r.Path == "/chat/slack")).GetProperty("text").GetString());
        var card = Json(chats.Single(r => r.Path == "/chat/teams")).GetProperty("attachments")[0];
        Assert.Equal("application/vnd.microsoft.card.adaptive", card.GetProperty("contentType").GetString());
        Assert.Equal("AdaptiveCard", card.GetProperty("content").GetProperty("type").GetString());
        Assert.Equal(("manager@bank.example", "[Critical] Complaints · Long wait"), (mail.To.Mailboxes.Single().Address, mail.Subject));
        Assert.Contains("https://dashboard.example/wallboard", mail.TextBody);
        Assert.Single(_smtp.Messages);

        var log = await (await _factory.SignedInClientAsync([Roles.Manager])).GetFromJsonAsync<JsonElement>("/api/notifications/deliveries");
        Assert.Equal(6, log.GetArrayLength());
        var refused = log.EnumerateArray().Single(d => d.GetProperty("channel").GetString() == "qc-wecom");
        Assert.Equal((false, "errcode 310000: sign not match"), (refused.GetProperty("delivered").GetBoolean(), refused.GetProperty("error").GetString()));
        Assert.All(log.EnumerateArray().Where(d => d.GetProperty("channel").GetString() != "qc-wecom"), d => Assert.True(d.GetProperty("delivered").GetBoolean()));
        Assert.All(log.EnumerateArray(), d => Assert.Equal((AlertId, 0), (d.GetProperty("alertId").GetString(), d.GetProperty("attempt").GetInt32())));
    }

    [Fact]
    public async Task AcknowledgedBeforeTheEscalation_TheManagerIsNotMailed()
    {
        var raisedAt = await RaiseAsync();
        var supervisor = await _factory.SignedInClientAsync([Roles.Supervisor]);
        (await supervisor.PostAsync($"/api/alerts/{Uri.EscapeDataString(AlertId)}/acknowledge", null)).EnsureSuccessStatusCode();

        var waitUntil = raisedAt.AddSeconds(8) - DateTimeOffset.UtcNow;
        if (waitUntil > TimeSpan.Zero)
            await Task.Delay(waitUntil);

        Assert.Empty(_smtp.Messages);
        var log = await (await _factory.SignedInClientAsync([Roles.Manager])).GetFromJsonAsync<JsonElement>("/api/notifications/deliveries");
        Assert.DoesNotContain(log.EnumerateArray(), d => d.GetProperty("channel").GetString() == "managers-mail");
    }
}
