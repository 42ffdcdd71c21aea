using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Dashboard.Web.Webhooks;

/// <summary>
/// Sends each change made in the dashboard to <see cref="WebhookOptions.Url"/> as signed JSON
/// (<see cref="WebhookSignature"/>), one at a time in the order they were made, retrying with exponential backoff
/// (Polly) while the receiver fails; the caller never waits for it. Deliveries not yet made are lost with the
/// process: receivers that must not miss a change reconcile from <c>GET /api/agents</c>.
/// </summary>
public sealed partial class WebhookSender : BackgroundService
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HttpClient _http;
    private readonly WebhookOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<WebhookSender> _logger;
    private readonly Channel<Delivery> _queue;
    private readonly ResiliencePipeline _pipeline;

    public WebhookSender(IHttpClientFactory clients, IOptions<WebhookOptions> options, TimeProvider time, ILogger<WebhookSender> logger)
    {
        _http = clients.CreateClient(nameof(WebhookSender));
        _options = options.Value;
        _time = time;
        _logger = logger;
        _queue = System.Threading.Channels.Channel.CreateBounded<Delivery>(new BoundedChannelOptions(Math.Max(1, _options.QueueCapacity))
        {
            FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true,
        }, dropped => LogDropped(dropped.Type, dropped.Id));
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = time };
        if (_options.MaxAttempts > 1)
        {
            pipeline.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<HttpRequestException>().Handle<TimeoutRejectedException>(),
                MaxRetryAttempts = _options.MaxAttempts - 1,
                Delay = _options.FirstRetryDelay,
                MaxDelay = _options.MaxRetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                OnRetry = retry =>
                {
                    LogRetry(retry.Outcome.Exception?.Message, retry.AttemptNumber + 1, retry.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            });
        }
        _pipeline = pipeline.AddTimeout(_options.Timeout).Build();
    }

    /// <summary>Deliveries made (2xx), for tests and metrics.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    private long _delivered;

    /// <summary>Queues a change; does nothing when no webhook URL is configured.</summary>
    public void Enqueue(string type, object data)
    {
        if (!_options.Enabled)
            return;
        var id = Guid.NewGuid().ToString("N");
        var body = JsonSerializer.SerializeToUtf8Bytes(new { id, type, at = _time.GetUtcNow(), data }, Json);
        _queue.Writer.TryWrite(new Delivery(id, type, body));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var delivery in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await _pipeline.ExecuteAsync(token => SendAsync(delivery, token), stoppingToken);
                Interlocked.Increment(ref _delivered);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogGivenUp(ex, delivery.Type, delivery.Id, _options.MaxAttempts);
            }
        }
    }

    private async ValueTask SendAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        var timestamp = _time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, _options.Url)
        {
            Content = new ByteArrayContent(delivery.Body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        request.Headers.Add(WebhookSignature.EventHeader, delivery.Type);
        request.Headers.Add(WebhookSignature.DeliveryHeader, delivery.Id);
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(_options.Secret!, timestamp, delivery.Body));
        using var response = await _http.SendAsync(request, cancellationToken);
        // A 4xx other than 408 and 429 says the receiver refuses this change: retrying it would not help.
        if (!response.IsSuccessStatusCode
            && ((int)response.StatusCode >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests))
        {
            throw new HttpRequestException($"Webhook receiver answered {(int)response.StatusCode}", null, response.StatusCode);
        }
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"Webhook receiver refused the delivery: {(int)response.StatusCode}");
    }

    private sealed record Delivery(string Id, string Type, byte[] Body);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery failed ({Reason}); attempt {Attempt} in {Delay}")]
    private partial void LogRetry(string? reason, int attempt, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook {Type} {Id} given up after {Attempts} attempts")]
    private partial void LogGivenUp(Exception exception, string type, string id, int attempts);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook queue full: {Type} {Id} dropped")]
    private partial void LogDropped(string type, string id);
}
