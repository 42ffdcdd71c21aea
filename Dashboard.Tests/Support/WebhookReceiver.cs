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

    public sealed record Received(DateTimeOffset At, IReadOnlyDictionary<string, string> Headers, byte[] Body, int AnsweredWith, string Path = "", string Query = "");

    private WebhookReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<Received> Requests { get; } = new();

    public Uri Url { get; private set; } = null!;

    /// <summary>The server's own address (for the /chat robots).</summary>
    public Uri Root { get; private set; } = null!;

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
        // A group chat's robot: /chat/{kind} answers as WeCom and DingTalk do ({"errcode":0}), Slack ("ok") and Teams (202);
        // /chat/refuse as a robot refusing a message (200 with an error code).
        app.MapPost("/chat/{kind}", async (HttpContext http, string kind) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            var status = kind == "teams" ? 202 : 200;
            receiver.Requests.Enqueue(new Received(DateTimeOffset.UtcNow,
                http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                body.ToArray(), status, http.Request.Path, http.Request.QueryString.Value ?? ""));
            return kind switch
            {
                "wecom" or "dingtalk" => Results.Json(new { errcode = 0, errmsg = "ok" }),
                "refuse" => Results.Json(new { errcode = 310000, errmsg = "sign not match" }),
                "slack" => Results.Text("ok"),
                _ => Results.StatusCode(status),
            };
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Root = new Uri(address);
        receiver.Url = new Uri(receiver.Root, "/hooks");
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

    /// <summary>Waits until <paramref name="count"/> requests matching <paramref name="which"/> arrived.</summary>
    public async Task<IReadOnlyList<Received>> WaitForAsync(Func<Received, bool> which, int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (Requests.Count(which) < count)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{Requests.Count(which)} of {count} requests arrived");
            await Task.Delay(20);
        }
        return [.. Requests.Where(which)];
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
