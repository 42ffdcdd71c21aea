using System.Globalization;
using System.Runtime.CompilerServices;
using Orleans.Serialization;

namespace Dashboard.Web.Durability;

/// <summary>
/// The journal on local disk, for a host on its embedded defaults: one file per center day in the data directory's
/// <c>journal</c> folder, each record framed as length, CRC-32 and payload (the Orleans serializer's, version
/// tolerant). One writer appends whatever is waiting and then flushes to disk once (group commit), so concurrent
/// requests share an fsync instead of queueing for one each.
/// </summary>
public sealed partial class FileJournal : IJournal, IAsyncDisposable
{
    private const string Extension = ".journal";

    private readonly string _directory;
    private readonly Serializer<JournalRecord> _serializer;
    private readonly ILogger<FileJournal> _logger;
    private readonly GroupCommit _commit;
    private FileStream? _file;
    private DateOnly _fileDay;

    public FileJournal(string directory, Serializer<JournalRecord> serializer, ILogger<FileJournal> logger)
    {
        _directory = directory;
        _serializer = serializer;
        _logger = logger;
        Directory.CreateDirectory(directory);
        _commit = new GroupCommit(WriteGroupAsync, ex =>
        {
            // The next append reopens the file and cuts the torn tail.
            LogWriteFailed(ex);
            CloseFile();
        }, limit: 4096);
    }

    public Task AppendAsync(DateOnly day, JournalRecord record, CancellationToken cancellationToken = default) =>
        _commit.AppendAsync(day, _serializer.SerializeToArray(record), nameof(FileJournal));

    public IReadOnlyList<DateOnly> Days() =>
        [.. Directory.EnumerateFiles(_directory, "*" + Extension)
            .Select(f => DateOnly.TryParseExact(Path.GetFileNameWithoutExtension(f), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : (DateOnly?)null)
            .OfType<DateOnly>()
            .Order()];

    public long SizeOf(DateOnly day) => File.Exists(PathOf(day)) ? new FileInfo(PathOf(day)).Length : 0;

    public async IAsyncEnumerable<(JournalRecord Record, long Position)> ReadAsync(
        DateOnly day, long from = 0, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (!File.Exists(PathOf(day)))
            yield break;
        await using var file = new FileStream(PathOf(day), FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, useAsync: true);
        file.Position = Math.Min(from, file.Length);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await Frames.ReadAsync(file, cancellationToken) is not { } payload)
                yield break;
            yield return (_serializer.Deserialize(payload) ?? throw new InvalidDataException($"An empty record in the journal of {day}."), file.Position);
        }
    }

    public void DropBefore(DateOnly day)
    {
        foreach (var old in Days().Where(d => d < day))
            File.Delete(PathOf(old));
    }

    private string PathOf(DateOnly day) => Path.Combine(_directory, day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + Extension);

    // One flush to disk for the whole group.
    private async Task WriteGroupAsync(IReadOnlyList<(DateOnly Day, byte[] Payload)> group)
    {
        foreach (var (day, payload) in group)
        {
            if (_file is null || _fileDay != day)
                OpenForAppend(day);
            await Frames.WriteAsync(_file!, payload);
        }
        _file!.Flush(flushToDisk: true);
    }

    private void OpenForAppend(DateOnly day)
    {
        CloseFile();
        var file = new FileStream(PathOf(day), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 1 << 16);
        // A crash mid-write leaves a torn record at the end: cut it, so what follows is readable.
        var end = IntactLength(file);
        if (end < file.Length)
        {
            LogTornTail(day, file.Length - end);
            file.SetLength(end);
        }
        file.Position = end;
        (_file, _fileDay) = (file, day);
    }

    private static long IntactLength(FileStream file)
    {
        file.Position = 0;
        while (Frames.ReadAsync(file).GetAwaiter().GetResult() is not null)
        {
        }
        return file.Position; // a frame that does not read whole leaves the position at its start
    }

    private void CloseFile()
    {
        _file?.Dispose();
        _file = null;
    }

    public async ValueTask DisposeAsync()
    {
        await _commit.DisposeAsync();
        CloseFile();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Writing the journal failed; the requests waiting on it are answered with an error")]
    private partial void LogWriteFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The journal of {Day} ended in a record torn by a crash ({Bytes} bytes, never acknowledged); cut")]
    private partial void LogTornTail(DateOnly day, long bytes);
}
