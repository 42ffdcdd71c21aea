using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Grains.Abstractions;

namespace Dashboard.Bench;

/// <summary>
/// The workload as batches of contract JSON, POSTed to /api/events by a few concurrent senders: flat out, or
/// paced to a fixed rate. Paced, batch i is due at i × batch / rate from the start; a sender that falls behind
/// sends at once, so a server that cannot keep up shows as an achieved rate below the target. Given several
/// servers (hosts of one cluster), sender i posts to server i mod n, all of them taking batches from the one workload.
/// </summary>
public sealed class HttpLoad : IAsyncDisposable
{
    private readonly HttpClient[] _http;
    private readonly long[] _acceptedBy;
    private readonly Workload _workload;
    private readonly int _batchSize;
    private readonly TimeSpan? _interval;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Task[] _senders;
    private long _accepted;
    private long _ticket = -1;

    public HttpLoad(ServerProcess server, Workload workload, int batchSize, int senders, double? eventsPerSecond = null)
        : this([server], workload, batchSize, senders, eventsPerSecond)
    {
    }

    public HttpLoad(IReadOnlyList<ServerProcess> servers, Workload workload, int batchSize, int senders, double? eventsPerSecond = null)
    {
        _http = [.. servers.Select(server =>
        {
            var http = server.CreateClient(new SocketsHttpHandler { MaxConnectionsPerServer = senders });
            http.Timeout = TimeSpan.FromMinutes(2);
            return http;
        })];
        _acceptedBy = new long[servers.Count];
        _workload = workload;
        _batchSize = batchSize;
        _interval = eventsPerSecond is { } rate ? TimeSpan.FromSeconds(batchSize / rate) : null;
        _senders = [.. Enumerable.Range(0, senders).Select(i => Task.Run(() => SendAsync(i % servers.Count)))];
    }

    /// <summary>Events the server(s) have accepted so far; the difference of two readings is a window's count.</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Events the server at <paramref name="server"/> (its index in the constructor's list) has accepted so far.</summary>
    public long AcceptedBy(int server) => Interlocked.Read(ref _acceptedBy[server]);

    private async Task SendAsync(int server)
    {
        var http = _http[server];
        while (!_stop.IsCancellationRequested)
        {
            if (_interval is { } interval)
            {
                var due = interval * Interlocked.Increment(ref _ticket) - _clock.Elapsed;
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, _stop.Token);
                }
            }
            CenterEvent[] batch;
            lock (_gate)
            {
                batch = _workload.NextBatch(_batchSize);
            }
            using var content = new ByteArrayContent(Workload.ToJson(batch));
            content.Headers.ContentType = new("application/json");
            using var response = await http.PostAsync("/api/events", content, _stop.Token);
            response.EnsureSuccessStatusCode();
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(_stop.Token);
            // The workload is in order and never repeats itself: anything not accepted means the measurement is
            // of the wrong work (as when probes stamped with the wall clock made the workload's events late).
            if (body.GetProperty("late").GetInt64() + body.GetProperty("duplicates").GetInt64() > 0)
            {
                throw new InvalidOperationException($"The server did not accept the whole batch: {body}");
            }
            var accepted = body.GetProperty("accepted").GetInt64();
            Interlocked.Add(ref _accepted, accepted);
            Interlocked.Add(ref _acceptedBy[server], accepted);
        }
    }

    /// <summary>Stops the senders; a sender's failure (a rejected batch, the workload running out) surfaces here.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Task.WhenAll(_senders);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            foreach (var http in _http)
            {
                http.Dispose();
            }
            _stop.Dispose();
        }
    }
}
