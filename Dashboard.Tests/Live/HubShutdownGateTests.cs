using System.Net;
using Dashboard.Tests.Support;
using Dashboard.Web.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Dashboard.Tests.Live;

/// <summary>
/// Issue 15 §5: once the host is stopping, no new hub connection may open — neither Blazor's circuit hub (a wall-board
/// reconnecting the moment SignalR closed its connection) nor /hubs/live — else Kestrel waits for it until the
/// shutdown timeout. The rest of the site answers as before. (The whole story, with Chromium and SIGTERM, is
/// Durability/ShutdownTests.)
/// </summary>
public sealed class HubShutdownGateTests : IAsyncLifetime
{
    private readonly DashboardFactory _factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Stopping_NewHubConnections_AreRefusedAndTheRestStillAnswers()
    {
        // A person: Blazor's circuit hub is a page's, which no API key opens.
        using var http = await _factory.SignedInClientAsync([Roles.Supervisor]);
        Assert.Equal(HttpStatusCode.OK, (await NegotiateAsync(http, "/_blazor")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await NegotiateAsync(http, "/hubs/live")).StatusCode);

        // Holds the host at the very start of stopping, as Kestrel is for a moment in production: stopping, still
        // serving. Stopping callbacks run last-registered first, on the thread that stops the host, so this one runs
        // before SignalR's close-all and before the host's own stop.
        var lifetime = _factory.Services.GetRequiredService<IHostApplicationLifetime>();
        using var release = new ManualResetEventSlim();
        var held = lifetime.ApplicationStopping.Register(() => release.Wait(TimeSpan.FromSeconds(30)));
        var stop = Task.Run(lifetime.StopApplication);
        try
        {
            while (!lifetime.ApplicationStopping.IsCancellationRequested)
                await Task.Delay(10);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await NegotiateAsync(http, "/_blazor")).StatusCode);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await NegotiateAsync(http, "/hubs/live")).StatusCode);
            using var connect = await http.GetAsync("/_blazor?id=any");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, connect.StatusCode);
            using var queues = await http.GetAsync("/api/queues");
            Assert.Equal(HttpStatusCode.OK, queues.StatusCode);
        }
        finally
        {
            release.Set();
            await stop;
            await held.DisposeAsync();
        }
    }

    private static Task<HttpResponseMessage> NegotiateAsync(HttpClient http, string hub) =>
        http.PostAsync(hub + "/negotiate?negotiateVersion=1", content: null);
}
