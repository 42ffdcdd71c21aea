using System.Buffers;
using Dashboard.Grains.History;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Dashboard.Web.TimeSeries.Influx;

/// <summary>
/// History in InfluxDB. A batch is written gzipped through a Polly pipeline (a timeout per attempt, retries with
/// exponential backoff and jitter); when that still fails, or while older batches wait, it goes to the on-disk
/// spool, which <see cref="MaintainAsync"/> replays oldest first once InfluxDB answers again, so points arrive in
/// the order they were written. Data InfluxDB refuses (400) is logged and counted as failed, never retried.
/// </summary>
public sealed class InfluxHistoryStore : HistoryStore, IDisposable
{
    private readonly InfluxClient _client;
    private readonly HistorySpool _spool;
    private readonly ResiliencePipeline _pipeline;
    private readonly HistoryStatus _status;
    private readonly ILogger<InfluxHistoryStore> _logger;
    private readonly InfluxDbOptions _influx;
    private readonly SemaphoreSlim _writing = new(1, 1);
    private readonly ArrayBufferWriter<byte> _lines = new(1 << 20); // reused: one batch is encoded at a time
    private DateTime _nextReplayUtc = DateTime.MinValue;
    private TimeSpan _replayDelay;

    public InfluxHistoryStore(
        CenterClock clock, CenterDirectory directory, IOptions<HistoryOptions> options, HistoryStatus status,
        ILogger<InfluxHistoryStore> logger)
        : base(clock, directory, options)
    {
        _influx = options.Value.InfluxDb;
        _client = new InfluxClient(_influx);
        _spool = new HistorySpool(options.Value.ResolvedSpoolDirectory, options.Value.SpoolMaxBytes);
        _status = status;
        _logger = logger;
        _replayDelay = _influx.RetryDelay;
        var pipeline = new ResiliencePipelineBuilder();
        if (_influx.MaxRetries > 0)
        {
            pipeline.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .Handle<InfluxException>(e => e.Transient),
                MaxRetryAttempts = _influx.MaxRetries,
                Delay = _influx.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            });
        }
        _pipeline = pipeline.AddTimeout(_influx.Timeout).Build();
        status.Store = Kind;
        status.OnSpoolChanged(_spool.Count, _spool.Lines);
        if (_spool.Count > 0)
        {
            logger.LogWarning("History spool {Directory} holds {Points} points from before; replaying them first",
                options.Value.ResolvedSpoolDirectory, _spool.Lines);
        }
    }

    public override string Kind => "influxdb";

    public override async Task WriteAsync(HistoryBatch batch, CancellationToken cancellationToken)
    {
        if (batch.Records.Count == 0)
            return;
        byte[] body;
        lock (_lines)
        {
            _lines.ResetWrittenCount();
            InfluxLineProtocol.Write(batch.Records, _lines);
            body = InfluxClient.Gzip(_lines.WrittenSpan);
        }
        await _writing.WaitAsync(cancellationToken);
        try
        {
            await ReplayAsync(cancellationToken);
            if (_spool.Count > 0)
            {
                Spool(body, batch, "older batches are still waiting in the spool");
                return;
            }
            try
            {
                await _pipeline.ExecuteAsync(async ct => await _client.WriteAsync(body, ct), cancellationToken);
                _status.OnWritten(batch.Records.Count, batch.OldestPostedUtc);
            }
            catch (InfluxException e) when (!e.Transient)
            {
                _logger.LogError("InfluxDB refused {Count} history points: {Error}", batch.Records.Count, e.Message);
                _status.OnFailed(batch.Records.Count, e.Message);
            }
            catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException or InfluxException)
            {
                _logger.LogWarning("InfluxDB unreachable ({Error}); spooling history to {Directory}", e.Message, Options.ResolvedSpoolDirectory);
                Spool(body, batch, e.Message);
                _nextReplayUtc = DateTime.UtcNow + _replayDelay;
            }
        }
        finally
        {
            _writing.Release();
        }
    }

    public override async Task MaintainAsync(CancellationToken cancellationToken)
    {
        if (_spool.Count == 0)
            return;
        await _writing.WaitAsync(cancellationToken);
        try
        {
            await ReplayAsync(cancellationToken);
        }
        finally
        {
            _writing.Release();
        }
    }

    public override async Task<IReadOnlyList<HistoryRecord>> ReadAsync(HistoryFilter filter, CancellationToken cancellationToken = default)
    {
        var rows = await _client.QueryAsync(InfluxQl.Select(filter), cancellationToken);
        var records = new List<HistoryRecord>(rows.Count);
        foreach (var row in rows)
        {
            var record = InfluxLineProtocol.FromRow(filter.Kind, row);
            if (filter.Matches(record)) // the query reads whole seconds around the range
                records.Add(record);
        }
        records.Sort(static (a, b) => a.At.UtcTicks.CompareTo(b.At.UtcTicks));
        return records;
    }

    public void Dispose()
    {
        _client.Dispose();
        _writing.Dispose();
    }

    private void Spool(byte[] body, HistoryBatch batch, string reason)
    {
        if (_spool.Append(body, batch.Records.Count, batch.OldestPostedUtc))
        {
            _status.OnSpooled(batch.Records.Count, reason);
        }
        else
        {
            _logger.LogError("History spool is full (History:SpoolMaxBytes); {Count} points lost", batch.Records.Count);
            _status.OnFailed(batch.Records.Count, "spool full");
        }
        _status.OnSpoolChanged(_spool.Count, _spool.Lines);
    }

    // Oldest first, one attempt per file; on the first failure waits (doubling up to MaxReplayDelay) before trying again.
    private async Task ReplayAsync(CancellationToken cancellationToken)
    {
        if (_spool.Count == 0 || DateTime.UtcNow < _nextReplayUtc)
            return;
        while (_spool.Oldest is { } file)
        {
            try
            {
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                attempt.CancelAfter(_influx.Timeout);
                await _client.WriteAsync(_spool.Read(file), attempt.Token);
                _spool.Remove(rejected: false);
                _status.OnWritten(file.Lines, file.OldestPostedUtc);
                _replayDelay = _influx.RetryDelay;
            }
            catch (InfluxException e) when (!e.Transient)
            {
                _logger.LogError("InfluxDB refused spooled batch {File}: {Error}; moved to rejected/", file.Path, e.Message);
                _spool.Remove(rejected: true);
                _status.OnFailed(file.Lines, e.Message);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested
                                      && e is HttpRequestException or InfluxException or OperationCanceledException)
            {
                _replayDelay = TimeSpan.FromTicks(Math.Min(_influx.MaxReplayDelay.Ticks, _replayDelay.Ticks * 2));
                _nextReplayUtc = DateTime.UtcNow + _replayDelay;
                break;
            }
            finally
            {
                _status.OnSpoolChanged(_spool.Count, _spool.Lines);
            }
        }
        if (_spool.Count == 0)
        {
            _logger.LogInformation("History spool replayed; InfluxDB is up to date");
        }
    }
}
