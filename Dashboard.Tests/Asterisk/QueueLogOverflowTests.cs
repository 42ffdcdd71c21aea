using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.Asterisk;

/// <summary>
/// Issue 14 §2: the overflow dialplan (Queue(sales,,,,30) then Queue(support)) writes the exit from one queue and the
/// entry into the next in the same whole second. Posted to <c>POST /api/ingest/queue-log</c> on the real host, every
/// queue's figures agree with the log (HandWrittenLog.Overflow), worked out below by hand as KPI.md defines them.
/// </summary>
public sealed class QueueLogOverflowTests : IAsyncLifetime
{
    private readonly DashboardFactory _factory = new DashboardFactory().WithTodayStarted(TimeSpan.FromHours(2));
    private readonly long _t = DateTimeOffset.UtcNow.AddMinutes(-20).ToUnixTimeSeconds(); // today, 20 minutes ago
    private const string Sales = "ov-sales", Support = "ov-support", Billing = "ov-billing";

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task OverflowInTheSameSecond_EachQueueCountsItsOwnPart()
    {
        var client = _factory.CreateClient();
        var log = string.Join('\n', HandWrittenLog.Overflow(_t, Sales, Support, Billing));

        var response = await client.PostAsync("/api/ingest/queue-log", new StringContent(log, Encoding.UTF8, "text/plain"));
        async Task<JsonElement> Today(string queue) =>
            (await client.GetFromJsonAsync<JsonElement>($"/api/queues/{queue}")).GetProperty("today");
        var (sales, support, billing) = (await Today(Sales), await Today(Support), await Today(Billing));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // sales: o1–o6 enter; o4 is answered there; o1, o2, o5 time out, o3 presses a key, o6 finds it empty.
        Assert.Equal((6, 1, 0, 5), Counters(sales));
        Assert.Equal(5.0, sales.GetProperty("asaSeconds").GetDouble(), 6);                  // o4: +30 → +35
        // support: o1, o2, o3, o5, o6 come over from sales and o7 straight in; o1, o3, o6 are answered, o2 and o7 hang
        // up there, o5 times out again (to billing).
        Assert.Equal((6, 3, 2, 1), Counters(support));
        Assert.Equal(1, support.GetProperty("shortAbandoned").GetInt32());                 // o7 waited 1 s
        Assert.Equal(3, support.GetProperty("answeredWithinThreshold").GetInt32());
        Assert.Equal((10 + 5 + 10) / 3.0, support.GetProperty("asaSeconds").GetDouble(), 6); // a new wait from entering support
        // billing: o5, from support, hangs up after 5 s (not a short abandon: that is under 5 s).
        Assert.Equal((1, 0, 1, 0), Counters(billing));
        Assert.Equal(0, billing.GetProperty("shortAbandoned").GetInt32());
    }

    private static (int Offered, int Answered, int Abandoned, int FlowedOut) Counters(JsonElement today) => (
        today.GetProperty("offered").GetInt32(), today.GetProperty("answered").GetInt32(),
        today.GetProperty("abandoned").GetInt32(), today.GetProperty("flowedOut").GetInt32());
}
