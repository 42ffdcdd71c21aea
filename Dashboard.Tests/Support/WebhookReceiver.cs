using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dashboard.Tests.Support;

/// <summary>A real HTTP server on a free loopback port that records every webhook delivery; it can fail the first ones.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _failuresToCome;

    public sealed record Received(DateTimeOffset At, IReadOnlyDictionary<string, string> Headers, byte[] Body, int AnsweredWith);

    private WebhookReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<Received> Requests { get; } = new();

    public Uri Url { get; private set; } = null!;

    /// <summary>Answer the next deliveries with 503.</summary>
    public void FailNext(int count) => Interlocked.Exchange(ref _failuresToCome, count);

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hooks", async (HttpContext http) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            var status = Interlocked.Decrement(ref receiver._failuresToCome) >= 0 ? 503 : 200;
            receiver.Requests.Enqueue(new Received(DateTimeOffset.UtcNow,
                http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                body.ToArray(), status));
            return Results.StatusCode(status);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = new Uri(new Uri(address), "/hooks");
        return receiver;
    }

    /// <summary>Waits until <paramref name="count"/> deliveries were answered 200.</summary>
    public async Task<IReadOnlyList<Received>> WaitForDeliveredAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (Requests.Count(r => r.AnsweredWith == 200) < count)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{Requests.Count(r => r.AnsweredWith == 200)} of {count} webhook deliveries arrived");
            await Task.Delay(20);
        }
        return [.. Requests];
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
