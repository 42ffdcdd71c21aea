namespace Dashboard.Web.TimeSeries.Influx;

/// <summary>
/// Batches waiting on disk while InfluxDB is unreachable, one gzipped line-protocol file per batch, named by a
/// sequence number so they are replayed in the order they were written — also after a restart. A file is written
/// under a temporary name and renamed, so a crash never leaves half a batch to replay.
/// </summary>
public sealed class HistorySpool
{
    private const string Extension = ".lp.gz";
    private readonly string _directory;
    private readonly long _maxBytes;
    private readonly Queue<SpoolFile> _files = new();
    private long _nextSequence;
    private long _bytes;
    private long _lines;

    public HistorySpool(string directory, long maxBytes)
    {
        _directory = directory;
        _maxBytes = maxBytes;
        Directory.CreateDirectory(directory);
        foreach (var path in Directory.GetFiles(directory, "*" + Extension).Order(StringComparer.Ordinal))
        {
            if (SpoolFile.TryParse(path) is { } file)
            {
                Track(file);
                _nextSequence = Math.Max(_nextSequence, file.Sequence + 1);
            }
        }
    }

    public int Count => _files.Count;

    public long Lines => _lines;

    /// <returns>False when the spool is full (<see cref="HistoryOptions.SpoolMaxBytes"/>).</returns>
    public bool Append(byte[] gzippedLines, int lines, DateTime oldestPostedUtc)
    {
        if (_bytes + gzippedLines.Length > _maxBytes)
            return false;
        var name = $"{_nextSequence++:D19}-{lines}-{oldestPostedUtc.Ticks}{Extension}";
        var path = Path.Combine(_directory, name);
        File.WriteAllBytes(path + ".tmp", gzippedLines);
        File.Move(path + ".tmp", path);
        Track(new SpoolFile(path, _nextSequence - 1, lines, new DateTime(oldestPostedUtc.Ticks, DateTimeKind.Utc), gzippedLines.Length));
        return true;
    }

    public SpoolFile? Oldest => _files.Count > 0 ? _files.Peek() : null;

    public byte[] Read(SpoolFile file) => File.ReadAllBytes(file.Path);

    /// <summary>The oldest file was written to InfluxDB (or refused for good and moved to rejected/).</summary>
    public void Remove(bool rejected)
    {
        var file = _files.Dequeue();
        _bytes -= file.Bytes;
        _lines -= file.Lines;
        if (rejected)
        {
            var dir = Path.Combine(_directory, "rejected");
            Directory.CreateDirectory(dir);
            File.Move(file.Path, Path.Combine(dir, Path.GetFileName(file.Path)), overwrite: true);
        }
        else
        {
            File.Delete(file.Path);
        }
    }

    private void Track(SpoolFile file)
    {
        _files.Enqueue(file);
        _bytes += file.Bytes;
        _lines += file.Lines;
    }

    public sealed record SpoolFile(string Path, long Sequence, int Lines, DateTime OldestPostedUtc, long Bytes)
    {
        public static SpoolFile? TryParse(string path)
        {
            var parts = System.IO.Path.GetFileName(path)[..^Extension.Length].Split('-');
            return parts.Length == 3 && long.TryParse(parts[0], out var sequence) && int.TryParse(parts[1], out var lines)
                && long.TryParse(parts[2], out var posted) && posted >= 0 && posted <= DateTime.MaxValue.Ticks
                ? new SpoolFile(path, sequence, lines, new DateTime(posted, DateTimeKind.Utc), new FileInfo(path).Length)
                : null;
        }
    }
}
