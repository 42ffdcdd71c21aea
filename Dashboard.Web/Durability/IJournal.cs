namespace Dashboard.Web.Durability;

/// <summary>
/// The append-only record of what the host acknowledged, one file (or table partition) per center day. An append
/// returns once the record is on stable storage, so a source told "accepted" never loses it, even to <c>kill -9</c>.
/// </summary>
public interface IJournal
{
    /// <summary>Appends <paramref name="record"/> to <paramref name="day"/>'s journal; returns once it is durable.</summary>
    Task AppendAsync(DateOnly day, JournalRecord record, CancellationToken cancellationToken = default);

    /// <summary>The days that have a journal, oldest first.</summary>
    IReadOnlyList<DateOnly> Days();

    /// <summary>Bytes kept for <paramref name="day"/>, for a replay's progress.</summary>
    long SizeOf(DateOnly day);

    /// <summary>The position before <paramref name="day"/>'s first record: 0 for a file (bytes), the row before it in a table.</summary>
    long OriginOf(DateOnly day) => 0;

    /// <summary>Every intact record of <paramref name="day"/> in the order appended, from byte <paramref name="from"/>
    /// (a position this journal gave: 0, <see cref="SizeOf"/> or one read before), with the position after each;
    /// a record torn by a crash mid-write ends the day (it was never acknowledged).</summary>
    IAsyncEnumerable<(JournalRecord Record, long Position)> ReadAsync(DateOnly day, long from = 0, CancellationToken cancellationToken = default);

    /// <summary>Drops the journals of days before <paramref name="day"/>.</summary>
    void DropBefore(DateOnly day);
}
