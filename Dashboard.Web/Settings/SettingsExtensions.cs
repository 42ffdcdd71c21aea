namespace Dashboard.Web.Settings;

public static class SettingsExtensions
{
    /// <summary>Managers' settings (queues' service level, alert levels, the staffing plan), kept in the dashboard database.</summary>
    public static void AddCenterSettings(this WebApplicationBuilder builder)
    {
        // Replaces the grains' in-memory default: the settings grain reads and writes the database.
        builder.Services.AddSingleton<ICenterSettingsStore, DatabaseSettingsStore>();
        builder.Services.AddSingleton<CenterSettingsService>();
        builder.Services.AddSingleton<AlertPreviewService>();
    }
}
