namespace Dashboard.Web.Durability;

/// <summary>
/// The one way into the live model while the journal is on: a record is appended (durable before anything is
/// answered), then applied, all under the ingest gate, so a snapshot never falls between the two and a replay meets
/// every change in the order it was made — events, and the settings that judge them.
/// </summary>
public sealed class JournaledChanges(IJournal journal, IngestGate gate, CatchUp catchUp, CenterClock clock)
{
    public async Task<T> ApplyAsync<T>(JournalRecord record, Func<Task<T>> apply, CancellationToken cancellationToken = default)
    {
        // Nothing new goes before what was acknowledged before the restart.
        await catchUp.Completed.WaitAsync(cancellationToken);
        using var _ = await gate.EnterAsync(cancellationToken);
        await journal.AppendAsync(clock.DayOf(record.AcceptedAt), record, cancellationToken);
        return await apply();
    }
}
