using System.Text;
using Dashboard.Tests.Support;
using Dashboard.Web.Live;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Core.Internal;

namespace Dashboard.Tests.Live;

/// <summary>The host's live feed inside the real host (co-hosted silo, real floor grain).</summary>
public sealed class LiveFeedTests : IAsyncLifetime
{
    private readonly DashboardFactory _factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task FloorChange_OneSubscriberNeverReturns_IngestionAndOtherSubscribersCarryOn()
    {
        var http = _factory.CreateClient();
        var feed = _factory.Services.GetRequiredService<ILiveFeed>();
        var q = Events.Unique("q");
        var sawAll = new TaskCompletionSource();
        using var stuck = feed.Subscribe(_ => new TaskCompletionSource().Task);
        using var healthy = feed.Subscribe(change =>
        {
            if (change.View.Queues.TryGetValue(q, out var queue) && queue.Waiting == 20)
            {
                sawAll.TrySetResult();
            }
            return Task.CompletedTask;
        });

        // Each POST returns only once the floor grain has taken its snapshots; were the floor to wait for the
        // stuck subscriber, the second POST would hang.
        for (var i = 1; i <= 20; i++)
        {
            var json = $$"""
                [{"id":"{{q}}-{{i}}","type":"call.queued","at":"{{DateTimeOffset.UtcNow.AddSeconds(-1):O}}","callId":"{{q}}-c{{i}}","queueId":"{{q}}"}]
                """;
            using var response = await http.PostAsync("/api/events", new StringContent(json, Encoding.UTF8, "application/json"))
                .WaitAsync(TimeSpan.FromSeconds(10));
            response.EnsureSuccessStatusCode();
            await Task.Delay(60);
        }

        await sawAll.Task.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_floor_grain_gone_is_found_again_within_seconds_not_at_the_next_renewal()
    {
        var http = _factory.CreateClient();
        var feed = _factory.Services.GetRequiredService<ILiveFeed>();
        var grains = _factory.Services.GetRequiredService<IGrainFactory>();
        var heard = DateTimeOffset.UtcNow;
        while (feed.Current.LastUpdate < heard)
            await Task.Delay(50).WaitAsync(TimeSpan.FromSeconds(10));

        // The floor's activation goes (as when its host dies); the next one starts without this host's subscription.
        await grains.GetGrain<IFloorGrain>(GrainKeys.Floor).Cast<IGrainManagementExtension>().DeactivateOnIdle();
        var q = Events.Unique("q");
        var json = $$"""
            [{"id":"{{q}}-1","type":"call.queued","at":"{{DateTimeOffset.UtcNow.AddSeconds(-1):O}}","callId":"{{q}}-c1","queueId":"{{q}}"}]
            """;
        (await http.PostAsync("/api/events", new StringContent(json, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();

        // Three silent heartbeats (3 s) and a look each second: well before the 20-second renewal.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!feed.Current.Queues.ContainsKey(q))
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(8), "the feed did not find the new floor activation within 8 s");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Stop_HostsTimeAlreadyUp_ReturnsWithoutThrowing()
    {
        _ = _factory.Server;
        var feed = _factory.Services.GetRequiredService<LiveFeed>();

        // What every service stopped after a slow one gets: a token already cancelled. Throwing from here made the
        // host rethrow from Run, which aborts the process (exit 134) instead of exiting 0.
        await feed.StopAsync(new CancellationToken(canceled: true));
    }
}
