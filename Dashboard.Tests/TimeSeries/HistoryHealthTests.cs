using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dashboard.Tests.TimeSeries;

/// <summary>
/// GET /health/history on the real host through an InfluxDB outage: the error shows while writes fail, and is gone
/// once they succeed again — monitoring that reads lastError must not keep alarming about a store long back.
/// </summary>
public sealed class HistoryHealthTests : IAsyncLifetime
{
    private readonly string _spool = Path.Combine(Path.GetTempPath(), "history-health-" + Guid.NewGuid().ToString("N")[..8]);
    private FakeInflux _influx = null!;
    private DashboardFactory _factory = null!;

    public async Task InitializeAsync()
    {
        _influx = await FakeInflux.StartAsync();
        _factory = new DashboardFactory()
            .With("History:InfluxDb:Url", _influx.Url)
            .With("History:InfluxDb:MaxRetries", "0")
            .With("History:InfluxDb:RetryDelay", "00:00:00.050")
            .With("History:InfluxDb:MaxReplayDelay", "00:00:00.200")
            .With("History:FlushInterval", "00:00:00.100")
            .With("History:SnapshotInterval", "00:00:00.200") // configured queues are sampled: writes keep coming
            .With("History:SpoolDirectory", _spool);
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _influx.DisposeAsync();
        if (Directory.Exists(_spool))
            Directory.Delete(_spool, recursive: true);
    }

    [Fact]
    public async Task HealthHistory_InfluxDbBackAfterAnOutage_LastErrorShownDuringItAndClearedOnceWritesSucceed()
    {
        var client = _factory.CreateClient();
        _influx.Down = true;

        var during = await UntilAsync(client, h => h.GetProperty("spoolFiles").GetInt32() > 0 && h.GetProperty("lastError").ValueKind == JsonValueKind.String);
        _influx.Down = false;
        var after = await UntilAsync(client, h => h.GetProperty("spoolFiles").GetInt32() == 0 && h.GetProperty("written").GetInt64() > 0);
        // Writes have gone on succeeding since the spool was replayed.
        var written = after.GetProperty("written").GetInt64();
        var later = await UntilAsync(client, h => h.GetProperty("written").GetInt64() > written);

        Assert.Equal("spooling", during.GetProperty("state").GetString());
        Assert.NotEmpty(during.GetProperty("lastError").GetString()!); // InfluxDB's 503, or "older batches are still waiting"
        Assert.Equal(JsonValueKind.String, during.GetProperty("lastErrorAt").ValueKind);
        Assert.Equal("ok", later.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, later.GetProperty("lastError").ValueKind);
        Assert.Equal(JsonValueKind.Null, later.GetProperty("lastErrorAt").ValueKind);
        Assert.True(later.GetProperty("spooled").GetInt64() > 0, "the counters keep the outage");
    }

    private static async Task<JsonElement> UntilAsync(HttpClient client, Func<JsonElement, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var health = await client.GetFromJsonAsync<JsonElement>("/health/history");
            if (condition(health))
                return health;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("/health/history never showed what was waited for; last: " + health.GetRawText());
            await Task.Delay(100);
        }
    }

    /// <summary>InfluxDB's v1 write and query endpoints on a free loopback port: writes answer 503 while <see cref="Down"/>, 204 otherwise.</summary>
    private sealed class FakeInflux : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private FakeInflux(WebApplication app) => _app = app;

        public volatile bool Down;

        public string Url { get; private set; } = "";

        public static async Task<FakeInflux> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var influx = new FakeInflux(app);
            app.MapPost("/write", async (HttpContext http) =>
            {
                await http.Request.Body.CopyToAsync(Stream.Null);
                return influx.Down
                    ? Results.Json(new { error = "influxd is down for maintenance" }, statusCode: StatusCodes.Status503ServiceUnavailable)
                    : Results.NoContent();
            });
            app.MapGet("/query", () => Results.Text("""{"results":[{"statement_id":0}]}""", "application/json"));
            await app.StartAsync();
            influx.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return influx;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
