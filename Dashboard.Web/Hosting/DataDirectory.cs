namespace Dashboard.Web.Hosting;

/// <summary>
/// The one directory where a host keeps what it must not forget when it runs on its embedded defaults: the journal
/// of accepted events, the embedded history, the accounts database, the queue_log follower's place and the history
/// spool. <c>Storage:DataDirectory</c> moves all of it (a Docker volume maps it); default <c>~/.local/share/dashboard</c>.
/// </summary>
public static class DataDirectory
{
    public const string Key = "Storage:DataDirectory";

    /// <summary>The directory, created when missing.</summary>
    public static string Of(IConfiguration configuration)
    {
        var configured = configuration[Key];
        var directory = string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "dashboard")
            : Path.GetFullPath(configured);
        Directory.CreateDirectory(directory);
        return directory;
    }

    /// <summary>A file or folder inside the data directory.</summary>
    public static string PathOf(IConfiguration configuration, string name) => Path.Combine(Of(configuration), name);
}
