using System.Runtime.CompilerServices;
using Dashboard.Grains.Durability;
using Orleans.Serialization;

namespace Dashboard.Web.Durability;

/// <summary>
/// The host's latest snapshot of the live model, <c>&lt;data&gt;/snapshots/live.snapshot</c>: a header frame, one
/// frame per grain and an end frame, in the journal's framing (length, CRC-32, Orleans-serialized payload). It is
/// written to a temporary file, flushed to disk and renamed over the last one, so a crash leaves the old snapshot
/// or the new one whole, never half of either.
/// </summary>
public sealed partial class SnapshotFile(string directory, Serializer serializer, ILogger<SnapshotFile> logger) : ISnapshotStore
{
    private const string Name = "live.snapshot";

    public string Path { get; } = System.IO.Path.Combine(directory, Name);

    public string Where => Path;

    public long Size => File.Exists(Path) ? new FileInfo(Path).Length : 0;

    public async Task WriteAsync(SnapshotHeader header, IReadOnlyCollection<GrainStateEntry> grains, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var temporary = Path + ".tmp";
        await using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20, useAsync: true))
        {
            await Frames.WriteAsync(file, serializer.SerializeToArray(header with { Grains = grains.Count }), cancellationToken);
            foreach (var grain in grains)
                await Frames.WriteAsync(file, serializer.SerializeToArray(grain), cancellationToken);
            await Frames.WriteAsync(file, serializer.SerializeToArray(new SnapshotEnd(grains.Count)), cancellationToken);
            await file.FlushAsync(cancellationToken);
            file.Flush(flushToDisk: true);
        }
        File.Move(temporary, Path, overwrite: true);
    }

    /// <summary>
    /// The snapshot's header once the whole file has been checked (every frame intact, the end frame present, the
    /// format known); null when there is none or it cannot be used, which is logged.
    /// </summary>
    public async Task<SnapshotHeader?> CheckAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Path))
            return null;
        try
        {
            await using var file = OpenRead();
            if (await Frames.ReadAsync(file, cancellationToken) is not { } first
                || serializer.Deserialize<SnapshotHeader>(first) is not { } header)
                return Unusable("no header");
            if (header.Format != SnapshotHeader.CurrentFormat)
                return Unusable($"format {header.Format}, this version reads {SnapshotHeader.CurrentFormat}");
            for (var i = 0; i < header.Grains; i++)
            {
                if (await Frames.ReadAsync(file, cancellationToken) is null)
                    return Unusable($"grain {i + 1} of {header.Grains} is torn");
            }
            if (await Frames.ReadAsync(file, cancellationToken) is not { } last
                || serializer.Deserialize<SnapshotEnd>(last)?.Grains != header.Grains)
                return Unusable("no end");
            return header;
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or CodecNotFoundException or InvalidOperationException)
        {
            LogUnusable(ex, Path, ex.Message);
            return null;
        }
    }

    public async IAsyncEnumerable<GrainStateEntry> ReadGrainsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var file = OpenRead();
        var header = serializer.Deserialize<SnapshotHeader>(await Frames.ReadAsync(file, cancellationToken) ?? throw Changed())
            ?? throw Changed();
        for (var i = 0; i < header.Grains; i++)
        {
            var payload = await Frames.ReadAsync(file, cancellationToken) ?? throw Changed();
            yield return serializer.Deserialize<GrainStateEntry>(payload) ?? throw Changed();
        }
    }

    public Task SetAsideAsync()
    {
        if (File.Exists(Path))
            File.Move(Path, Path + ".failed", overwrite: true);
        return Task.CompletedTask;
    }

    private static InvalidDataException Changed() => new("The snapshot changed while it was read.");

    private FileStream OpenRead() => new(Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, useAsync: true);

    private SnapshotHeader? Unusable(string why)
    {
        LogUnusable(null, Path, why);
        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The snapshot {Path} cannot be used ({Why}); the whole journal is replayed instead")]
    private partial void LogUnusable(Exception? exception, string path, string why);
}
