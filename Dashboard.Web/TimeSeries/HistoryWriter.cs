using Microsoft.Extensions.Options;

namespace Dashboard.Web.TimeSeries;

/// <summary>
/// Drains <see cref="HistoryChannel"/> into the store in batches of at most <see cref="HistoryOptions.MaxBatchLines"/>
/// records (one line each) or whatever arrived within <see cref="HistoryOptions.FlushInterval"/> of the first,
/// and gives the store a turn at least that often to replay its spool. On shutdown it writes what is queued.
/// </summary>
public sealed class HistoryWriter(
    HistoryChannel channel, IHistoryStore store, HistoryStatus status, IOptions<HistoryOptions> options, ILogger<HistoryWriter> logger)
    : BackgroundService
{
    private readonly HistoryOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<HistoryChannel.Posted>(_options.MaxBatchLines);
        // One write in flight while the next batch fills and is encoded: encoding (CPU) overlaps sending (I/O).
        // The store sends one batch at a time, in the order they were handed over, so points stay in order.
        var inFlight = Task.CompletedTask;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await FillAsync(batch, stoppingToken);
                var write = WriteAsync(batch, stoppingToken);
                await inFlight;
                inFlight = write;
                await MaintainAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        try
        {
            await inFlight;
        }
        catch (OperationCanceledException)
        {
        }

        // Shutting down: what is queued still goes (to the store or its spool), within the host's stop timeout.
        using var drain = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            while (channel.Reader.TryPeek(out _))
            {
                batch.Clear();
                while (batch.Count < _options.MaxBatchLines && channel.Reader.TryRead(out var posted))
                    Take(batch, posted);
                await WriteAsync(batch, drain.Token);
            }
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("History writer stopped with records still queued");
        }
    }

    // Waits up to one flush interval for a first record, then fills the batch until it is full or the interval
    // since that first record has passed.
    private async Task FillAsync(List<HistoryChannel.Posted> batch, CancellationToken stoppingToken)
    {
        batch.Clear();
        var reader = channel.Reader;
        using (var idle = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
        {
            idle.CancelAfter(_options.FlushInterval);
            try
            {
                if (!await reader.WaitToReadAsync(idle.Token))
                    return;
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                return; // nothing arrived: a turn for maintenance
            }
        }

        var deadline = DateTime.UtcNow + _options.FlushInterval;
        while (batch.Count < _options.MaxBatchLines)
        {
            while (batch.Count < _options.MaxBatchLines && reader.TryRead(out var posted))
                Take(batch, posted);
            var left = deadline - DateTime.UtcNow;
            if (batch.Count >= _options.MaxBatchLines || left <= TimeSpan.Zero)
                return;
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            wait.CancelAfter(left);
            try
            {
                if (!await reader.WaitToReadAsync(wait.Token))
                    return;
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task WriteAsync(List<HistoryChannel.Posted> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
            return;
        var records = new Dashboard.Grains.History.HistoryRecord[batch.Count];
        var oldest = DateTime.MaxValue;
        for (var i = 0; i < batch.Count; i++)
        {
            records[i] = batch[i].Record;
            oldest = batch[i].PostedUtc < oldest ? batch[i].PostedUtc : oldest;
        }
        try
        {
            await store.WriteAsync(new HistoryBatch(records, oldest), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A store handles its own failures; anything reaching here is a bug, and must not stop the writer.
            logger.LogError(ex, "History store {Store} failed a batch of {Count} records", store.Kind, records.Length);
        }
        finally
        {
            status.OnHandled(records.Length);
        }
    }

    private void Take(List<HistoryChannel.Posted> batch, HistoryChannel.Posted posted)
    {
        batch.Add(posted);
        status.OnTaken(1);
    }

    private async Task MaintainAsync(CancellationToken cancellationToken)
    {
        try
        {
            await store.MaintainAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "History store {Store} maintenance failed", store.Kind);
        }
    }
}
