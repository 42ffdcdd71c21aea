using System.IO.Hashing;
using System.Text;
using System.Text.Json;
using Dashboard.Grains.Ingestion;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Ingestion.Asterisk;

/// <summary>
/// Follows queue_log as Asterisk appends to it: reads complete lines from where it stopped, sends their events through
/// the pipeline, then remembers the new position (and the members' queues) in <see cref="QueueLogOptions.StateFile"/>.
/// A file is known by a hash of its first line: when that changes, or the file shrinks, it was rotated; what was
/// written to the old one after the last read is read from <c>{path}.1</c> (logrotate's name) before the new file.
/// An unfinished last line waits for its newline. Events' ids come from the lines' text, so a line read again after a
/// crash between sending and remembering is a harmless duplicate.
/// </summary>
public sealed partial class QueueLogFollower(
    IOptions<QueueLogOptions> options, IEventSink sink, EventRules rules, ILogger<QueueLogFollower> logger)
    : BackgroundService
{
    private const int MaxReadBytes = 4 << 20;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private readonly QueueLogOptions _options = options.Value;
    private QueueLogTranslator _translator = new();
    private FollowerState _state = new(null, 0, null);

    /// <summary>What survives a restart.</summary>
    public sealed record FollowerState(string? Fingerprint, long Offset, QueueLogTranslator.State? Translator);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        Load();
        LogFollowing(_options.Path!, _state.Offset);
        using var timer = new PeriodicTimer(_options.PollInterval);
        do
        {
            try
            {
                await ReadNewLinesAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogReadFailed(ex, _options.Path!); // the position is kept: the same lines are tried again
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    internal async Task ReadNewLinesAsync(CancellationToken cancellationToken)
    {
        var path = _options.Path!;
        if (!File.Exists(path))
            return;
        var fingerprint = Fingerprint(path);
        if (fingerprint is null)
            return; // not even one complete line yet
        if (_state.Fingerprint is not null && (fingerprint != _state.Fingerprint || new FileInfo(path).Length < _state.Offset))
        {
            var rotated = path + ".1";
            if (File.Exists(rotated) && Fingerprint(rotated) == _state.Fingerprint)
                await ReadFromAsync(rotated, cancellationToken);
            LogRotated(path);
            _state = _state with { Fingerprint = fingerprint, Offset = 0 };
        }
        _state = _state with { Fingerprint = fingerprint };
        await ReadFromAsync(path, cancellationToken);
    }

    private async Task ReadFromAsync(string path, CancellationToken cancellationToken)
    {
        while (true)
        {
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (file.Length <= _state.Offset)
                return;
            file.Seek(_state.Offset, SeekOrigin.Begin);
            var buffer = new byte[(int)Math.Min(MaxReadBytes, file.Length - _state.Offset)];
            var read = await file.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
            var complete = Array.LastIndexOf(buffer, (byte)'\n', read - 1) + 1;
            if (complete == 0)
                return; // an unfinished line: wait for the rest
            var events = new List<CenterEvent>();
            foreach (var raw in Encoding.UTF8.GetString(buffer, 0, complete).Split('\n'))
            {
                if (string.IsNullOrWhiteSpace(raw))
                    continue;
                if (QueueLogLine.Parse(raw, out var problem) is { } line)
                {
                    var result = _translator.Translate(line, rules);
                    events.AddRange(result.Events);
                    if (result.Skipped is { } why)
                        Skip(why);
                }
                else
                {
                    Skip(problem!);
                }
            }
            if (events.Count > 0)
                await sink.IngestAsync(events, cancellationToken);
            _state = _state with { Offset = _state.Offset + complete, Translator = _translator.Export() };
            Save();
            if (complete < buffer.Length)
                return;
        }
    }

    // Counted with the other rejected input (dashboard.events.rejected), and logged for whoever looks closer.
    private void Skip(string reason)
    {
        Grains.Telemetry.LiveMetrics.EventsRejected.Add(1);
        LogSkipped(Grains.Telemetry.LogText.Safe(reason));
    }

    /// <summary>A hash of the file's first line (up to 1 KB): the file's identity across rotations.</summary>
    private static string? Fingerprint(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var head = new byte[1024];
        var read = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var end = Array.IndexOf(head, (byte)'\n', 0, read);
        return end < 0 && read < head.Length ? null : Convert.ToHexStringLower(XxHash128.Hash(head.AsSpan(0, end < 0 ? read : end)));
    }

    private void Load()
    {
        var file = _options.ResolvedStateFile;
        if (!File.Exists(file))
            return;
        _state = JsonSerializer.Deserialize<FollowerState>(File.ReadAllText(file), Json) ?? _state;
        _translator = QueueLogTranslator.Import(_state.Translator);
    }

    // Written beside and moved over, so a crash never leaves half a state file.
    private void Save()
    {
        var file = _options.ResolvedStateFile;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        File.WriteAllText(file + ".tmp", JsonSerializer.Serialize(_state, Json));
        File.Move(file + ".tmp", file, overwrite: true);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Following Asterisk queue_log {Path} from byte {Offset}")]
    private partial void LogFollowing(string path, long offset);

    [LoggerMessage(Level = LogLevel.Information, Message = "queue_log {Path} was rotated; reading the new file from its start")]
    private partial void LogRotated(string path);

    [LoggerMessage(Level = LogLevel.Debug, Message = "queue_log line skipped: {Reason}")]
    private partial void LogSkipped(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading queue_log {Path} failed; trying again")]
    private partial void LogReadFailed(Exception exception, string path);
}
