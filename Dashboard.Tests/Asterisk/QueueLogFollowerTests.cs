using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.Asterisk;

/// <summary>
/// The dashboard follows a real queue_log file (QueueLog:Path): lines appended while it runs show up, a restart
/// neither loses nor repeats lines (the position is remembered), and a rotation (logrotate renames the file to
/// queue_log.1 and Asterisk starts a new one) loses nothing written to the old file after the last read.
/// </summary>
public sealed class QueueLogFollowerTests : IDisposable
{
    private const string Queue = "ast-follow";
    private readonly string _folder = Directory.CreateTempSubdirectory("dashboard-queue-log-").FullName;
    private readonly long _t = DateTimeOffset.UtcNow.AddMinutes(-20).ToUnixTimeSeconds();

    private string LogFile => Path.Combine(_folder, "queue_log");

    private DashboardFactory Host() => new DashboardFactory().WithTodayStarted(TimeSpan.FromHours(2))
        .With("QueueLog:Path", LogFile).With("QueueLog:StateFile", Path.Combine(_folder, "state.json"))
        .With("QueueLog:PollInterval", "00:00:00.050");

    private static async Task<int> OfferedWhenAsync(DashboardFactory host, int expected)
    {
        var client = host.CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var response = await client.GetAsync($"/api/queues/{Queue}");
            var offered = response.IsSuccessStatusCode
                ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("today").GetProperty("offered").GetInt32()
                : 0;
            if (offered >= expected || DateTime.UtcNow > deadline)
                return offered;
            await Task.Delay(50);
        }
    }

    private void Append(params string[] lines) => File.AppendAllText(LogFile, string.Join('\n', lines) + "\n");

    [Fact]
    public async Task Follow_AppendRestartRotate_EveryCallCountedOnce()
    {
        // The hand-written log without its truncated last line, which Asterisk is still writing.
        var lines = HandWrittenLog.Lines(_t, Queue);
        Append(lines[..^1]);
        File.AppendAllText(LogFile, lines[^1]); // no newline yet: must wait
        int first, appended;
        await using (var host = Host())
        {
            first = await OfferedWhenAsync(host, 6);
            File.AppendAllText(LogFile, "|NONE|INFO\n"); // the unfinished line ends (as an ignored INFO line)
            Append(HandWrittenLog.Call(_t, Queue, "c8", 800));
            appended = await OfferedWhenAsync(host, 7);
        }

        // While the dashboard is down: one more call in the old file, then logrotate, then one in the new file.
        Append(HandWrittenLog.Call(_t, Queue, "c9", 900));
        File.Move(LogFile, LogFile + ".1");
        Append(HandWrittenLog.Call(_t, Queue, "c10", 1000));
        await using var again = Host();
        // The live model starts empty with the new host (history keeps the past); the follower resumes where it stopped.
        var afterRestart = await OfferedWhenAsync(again, 2);
        await Task.Delay(1000); // a line read again would show by now
        var settled = await OfferedWhenAsync(again, 0);

        Assert.Equal(6, first);        // c1–c6, as QueueLogApiTests works out
        Assert.Equal(7, appended);     // + c8
        Assert.Equal(2, afterRestart); // c9 (left in queue_log.1) and c10 (the new file): nothing lost…
        Assert.Equal(2, settled);      // …and c1–c8 not read again
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
