using Dashboard.Grains;
using Dashboard.Grains.Alerts;
using Dashboard.Grains.Ingestion;

namespace Dashboard.Web.Hosting;

public static class LiveModelExtensions
{
    /// <summary>
    /// Co-hosts the Orleans silo that holds the live model: alone on localhost by default, or one silo of a cluster
    /// (section Orleans, <see cref="Clustering"/>); tests give each host its own free ports.
    /// </summary>
    public static WebApplicationBuilder AddLiveModel(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        builder.Services.Configure<CenterOptions>(config.GetSection(CenterOptions.Section));
        builder.Services.Configure<IngestionOptions>(config.GetSection(IngestionOptions.Section));
        builder.Services.Configure<Dashboard.Grains.Complaints.ReturnCallOptions>(config.GetSection(Dashboard.Grains.Complaints.ReturnCallOptions.Section));
        builder.Services.Configure<AlertLevels>(config.GetSection(AlertLevels.Section));
        builder.Services.Configure<LiveOptions>(config.GetSection(LiveOptions.Section));
        builder.Services.AddCallCenterModel();

        builder.UseOrleans(silo => silo.UseConfiguredClustering(config));
        // Membership's clock from this process's start: no phantom start-up stall from the watchdog (SinceStartClock).
        builder.Services.AddKeyedSingleton<TimeProvider>(Orleans.Runtime.TimeProviderNames.Membership,
            (services, _) => new SinceStartClock(services.GetRequiredService<TimeProvider>()));
        return builder;
    }
}
