using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.Durability;

/// <summary>
/// Issue 15 §1: raised alerts and their acknowledgements survive a SIGKILL — the same alert, raised when it was
/// raised, acknowledged by whom it was — instead of a new raise after the debounce and no acknowledgement.
/// </summary>
public sealed partial class AlertsAcrossRestartTests
{
    [Fact]
    public async Task A_raised_and_acknowledged_alert_is_the_same_alert_after_a_kill()
    {
        await using var host = await HostProcess.StartAsync(new Dictionary<string, string>
        {
            ["Alerts:RaiseAfter"] = "00:00:01",
            ["Accounts:DemoAccounts"] = "true",
        });
        using var http = host.CreateClient();
        var now = DateTimeOffset.UtcNow;
        // Callers waiting on a queue nobody serves: the "no agent available" and "longest wait" rules hold.
        var waiting = Enumerable.Range(1, 3).Select(i => Events.Queued(now.AddSeconds(-90 - i), $"ka-c{i}", "ka-q")).ToList();
        using (var posted = await http.PostAsync("/api/events", new StringContent(ContractJson.Of(waiting), Encoding.UTF8, "application/json")))
            Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var raised = await AlertAsync(http, a => true);

        using var supervisor = await SupervisorAsync(host);
        using (var acknowledged = await supervisor.PostAsync($"/api/alerts/{Uri.EscapeDataString((string)raised["id"]!)}/acknowledge", null))
            Assert.Equal(HttpStatusCode.OK, acknowledged.StatusCode);
        var before = await AlertAsync(http, a => a["acknowledgedBy"] is not null);

        await host.KillAsync();
        await host.RestartAsync();

        var after = await AlertAsync(http, a => (string?)a["id"] == (string?)before["id"]);
        Assert.Equal((string?)before["raisedAt"], (string?)after["raisedAt"]);
        Assert.Equal("Demo supervisor", (string?)after["acknowledgedBy"]);
        Assert.Equal((string?)before["acknowledgedAt"], (string?)after["acknowledgedAt"]);
    }

    /// <summary>The first alert on the test's queue that <paramref name="matches"/>, waiting for the floor to raise it.</summary>
    private static async Task<JsonObject> AlertAsync(HttpClient http, Func<JsonObject, bool> matches)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var alerts = JsonNode.Parse(await http.GetStringAsync("/api/alerts"))!.AsArray().Select(a => a!.AsObject());
            if (alerts.FirstOrDefault(a => (string?)a["subjectId"] == "ka-q" && matches(a)) is { } alert)
                return alert;
            await Task.Delay(300);
        }
        throw new Xunit.Sdk.XunitException("No such alert was raised on ka-q within 30 s.");
    }

    /// <summary>A cookie client signed in as the demo supervisor (its password is logged at start, as for a demo).</summary>
    private static async Task<HttpClient> SupervisorAsync(HostProcess host)
    {
        var password = host.Output.Select(l => DemoPassword().Match(l)).Last(m => m.Success).Groups[1].Value;
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = host.Address };
        var response = await DashboardFactory.SignInAsync(client, "demo-supervisor", password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        client.DefaultRequestHeaders.Add("Origin", host.Address.GetLeftPart(UriPartial.Authority)); // as from the dashboard's pages
        return client;
    }

    [GeneratedRegex(@"password (Demo-[0-9a-f]+)")]
    private static partial Regex DemoPassword();
}
