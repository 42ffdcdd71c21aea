using Dashboard.Grains;
using Dashboard.Grains.Alerts;
using Dashboard.Grains.Ingestion;

namespace Dashboard.Web.Hosting;

public static class LiveModelExtensions
{
    /// <summary>
    /// Co-hosts the Orleans silo that holds the live model. One machine runs localhost clustering on
    /// Orleans:SiloPort / Orleans:GatewayPort; tests give each host its own free ports.
    /// </summary>
    public static WebApplicationBuilder AddLiveModel(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        builder.Services.Configure<CenterOptions>(config.GetSection(CenterOptions.Section));
        builder.Services.Configure<IngestionOptions>(config.GetSection(IngestionOptions.Section));
        builder.Services.Configure<AlertLevels>(config.GetSection(AlertLevels.Section));
        builder.Services.Configure<LiveOptions>(config.GetSection(LiveOptions.Section));
        builder.Services.AddCallCenterModel();

        var siloPort = config.GetValue("Orleans:SiloPort", 11111);
        var gatewayPort = config.GetValue("Orleans:GatewayPort", 30000);
        builder.UseOrleans(silo => silo.UseLocalhostClustering(siloPort, gatewayPort));
        return builder;
    }
}
