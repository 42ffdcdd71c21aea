using System.Threading.Channels;
using Channel = System.Threading.Channels.Channel;

namespace Dashboard.Web.Durability;

/// <summary>
/// Group commit, the one home of it for both journals: appends from concurrent requests queue up, and one writer
/// makes whatever is waiting durable at once (a flush to disk, a database commit), so the requests share the cost
/// instead of queueing for one each. An append completes once its group is durable, or fails with the group.
/// </summary>
internal sealed class GroupCommit : IAsyncDisposable
{
    private readonly Channel<Pending> _pending = Channel.CreateUnbounded<Pending>(new() { SingleReader = true });
    private readonly Func<IReadOnlyList<(DateOnly Day, byte[] Payload)>, Task> _write;
    private readonly Action<Exception> _failed;
    private readonly int _limit;
    private readonly Task _writer;

    /// <param name="write">Makes a group durable, in order; throws when it could not.</param>
    /// <param name="failed">Told of a group that failed (its appends fail with the exception).</param>
    /// <param name="limit">The most appends in one group.</param>
    public GroupCommit(Func<IReadOnlyList<(DateOnly Day, byte[] Payload)>, Task> write, Action<Exception> failed, int limit)
    {
        (_write, _failed, _limit) = (write, failed, limit);
        _writer = Task.Run(WriteAsync);
    }

    public Task AppendAsync(DateOnly day, byte[] payload, string journal)
    {
        var pending = new Pending(day, payload, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_pending.Writer.TryWrite(pending))
            throw new ObjectDisposedException(journal, "The journal is closed: the host is stopping.");
        // Not cancellable once queued: a record is either durable or not acknowledged, never half of each.
        return pending.Done.Task;
    }

    private async Task WriteAsync()
    {
        var group = new List<Pending>();
        var reader = _pending.Reader;
        while (await reader.WaitToReadAsync())
        {
            group.Clear();
            while (group.Count < _limit && reader.TryRead(out var pending))
                group.Add(pending);
            try
            {
                await _write([.. group.Select(p => (p.Day, p.Payload))]);
                foreach (var pending in group)
                    pending.Done.TrySetResult();
            }
            catch (Exception ex)
            {
                // Nothing of this group is acknowledged: the sources get an error and send again.
                _failed(ex);
                foreach (var pending in group)
                    pending.Done.TrySetException(ex);
            }
        }
    }

    /// <summary>Writes what is queued, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await _writer;
    }

    private sealed record Pending(DateOnly Day, byte[] Payload, TaskCompletionSource Done);
}
