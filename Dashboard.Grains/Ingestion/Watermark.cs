namespace Dashboard.Grains.Ingestion;

/// <summary>
/// How far event time has got for one grain, and how far of it has settled: the latest event time received (never
/// ahead of the clock, so one source whose clock runs fast cannot make every other source's events look late), and
/// the newest such time that has stood for at least <c>settle</c> on the clock.
/// </summary>
/// <remarks>
/// Held detail is measured in event time, so a replay or backfill that sends a day in order at any speed keeps the
/// same bounded detail as a live feed. But event time alone cannot tell "late" from "still in flight": a source
/// catching up on a backlog moves event time hours ahead in seconds while some of its events are a batch behind,
/// and facts one grain hands another arrive milliseconds after the events that made them. So a grain lets go of
/// detail, and judges input late, only behind <see cref="SettledBehind"/>: late by more than a window of event time
/// <em>and</em> no longer arriving. Live, event time keeps pace with the clock and this costs <c>settle</c> of extra
/// detail; racing ahead, it costs the events of <c>settle</c> on the clock.
/// </remarks>
public sealed class Watermark(TimeSpan settle, TimeProvider time)
{
    // Advances within one bucket share an entry (the open one), so the queue holds about eight entries however fast
    // time races; a value settles between settle and settle + bucket after it was reached, never sooner.
    private readonly TimeSpan _bucket = settle / 8;
    private readonly Queue<Entry> _closed = new();
    private Entry? _open;
    private long _latest;
    private long _settled;
    private long _batch;

    /// <summary>The latest event time received; DateTimeOffset.MinValue until something arrived.</summary>
    public DateTimeOffset Latest => new(_latest, TimeSpan.Zero);

    /// <summary>
    /// The newest <see cref="Latest"/> that has stood at least <c>settle</c> on the clock and through two more of the
    /// grain's batches: a source's events held back one batch still count however slowly it sends its batches.
    /// </summary>
    public DateTimeOffset Settled
    {
        get
        {
            var now = time.GetTimestamp();
            while (_closed.TryPeek(out var oldest) && HasSettled(oldest, now))
            {
                _settled = oldest.Ticks;
                _closed.Dequeue();
            }
            if (_closed.Count == 0 && _open is { } open && HasSettled(open, now))
            {
                _settled = open.Ticks;
                _open = null;
            }
            return new DateTimeOffset(_settled, TimeSpan.Zero);
        }
    }

    /// <summary>The grain starts on a batch of input.</summary>
    public void NextBatch() => _batch++;

    public void Advance(DateTimeOffset at, DateTimeOffset now)
    {
        var ticks = Math.Min(at.UtcTicks, now.UtcTicks);
        if (ticks <= _latest)
        {
            return;
        }
        _latest = ticks;
        var stamp = time.GetTimestamp();
        if (_open is { } open && time.GetElapsedTime(open.Stamp, stamp) < _bucket)
        {
            _open = open with { Ticks = ticks, Batch = _batch };
            return;
        }
        if (_open is { } full)
        {
            _closed.Enqueue(full);
        }
        _open = new Entry(stamp, ticks, _batch);
    }

    /// <summary><see cref="Settled"/> minus <paramref name="window"/>, or MinValue while that would underflow.</summary>
    public DateTimeOffset SettledBehind(TimeSpan window)
    {
        var settled = Settled.UtcTicks;
        return settled - window.Ticks > 0 ? new DateTimeOffset(settled - window.Ticks, TimeSpan.Zero) : DateTimeOffset.MinValue;
    }

    /// <summary>
    /// What a checkpoint keeps (Durability: snapshots). Clock stamps belong to this process, so each is kept as the
    /// time it had stood; a restored value goes on settling from there (the outage does not count towards it).
    /// </summary>
    public WatermarkState Capture()
    {
        var now = time.GetTimestamp();
        var entries = ImmutableArray.CreateBuilder<WatermarkEntry>(_closed.Count + 1);
        foreach (var entry in _closed)
        {
            entries.Add(new WatermarkEntry(time.GetElapsedTime(entry.Stamp, now), entry.Ticks, entry.Batch));
        }
        if (_open is { } open)
        {
            entries.Add(new WatermarkEntry(time.GetElapsedTime(open.Stamp, now), open.Ticks, open.Batch));
        }
        return new WatermarkState(_latest, _settled, _batch, entries.ToImmutable(), _open is not null);
    }

    public void Restore(WatermarkState state)
    {
        var now = time.GetTimestamp();
        (_latest, _settled, _batch) = (state.Latest, state.Settled, state.Batch);
        _closed.Clear();
        _open = null;
        for (var i = 0; i < state.Entries.Length; i++)
        {
            var kept = state.Entries[i];
            // Rounded, not truncated: 1.001 s times 10^7 comes out a hair under 10,010,000, a tick short, and a value
            // restored a tick short of settling would settle a batch later than in the grain captured.
            var stood = (long)Math.Round(kept.Stood.TotalSeconds * time.TimestampFrequency);
            var entry = new Entry(now - stood, kept.Ticks, kept.Batch);
            if (state.HasOpen && i == state.Entries.Length - 1)
            {
                _open = entry;
            }
            else
            {
                _closed.Enqueue(entry);
            }
        }
    }

    private bool HasSettled(Entry entry, long now) =>
        time.GetElapsedTime(entry.Stamp, now) >= settle + _bucket && _batch - entry.Batch >= 2;

    /// <param name="Stamp">When the value was first reached, on the clock.</param>
    /// <param name="Batch">The batch that last raised it.</param>
    private readonly record struct Entry(long Stamp, long Ticks, long Batch);
}

[GenerateSerializer, Immutable, Alias("WatermarkState")]
public sealed record WatermarkState(
    [property: Id(0)] long Latest,
    [property: Id(1)] long Settled,
    [property: Id(2)] long Batch,
    /// <summary>The values still settling, oldest first; the last is the open one when <see cref="HasOpen"/>.</summary>
    [property: Id(3)] ImmutableArray<WatermarkEntry> Entries,
    [property: Id(4)] bool HasOpen);

/// <param name="Stood">How long the value had stood on the clock when captured.</param>
[GenerateSerializer, Immutable, Alias("WatermarkEntry")]
public readonly record struct WatermarkEntry([property: Id(0)] TimeSpan Stood, [property: Id(1)] long Ticks, [property: Id(2)] long Batch);
