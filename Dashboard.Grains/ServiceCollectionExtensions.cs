using Dashboard.Grains.Alerts;
using Dashboard.Grains.History;
using Dashboard.Grains.Ingestion;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Dashboard.Grains;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// The services the grains and the ingestion pipeline use. Options (<see cref="CenterOptions"/>,
    /// <see cref="IngestionOptions"/>, <see cref="AlertLevels"/>) are bound by the host.
    /// </summary>
    public static IServiceCollection AddCallCenterModel(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<CenterOptions>();
        services.AddOptions<IngestionOptions>();
        services.AddOptions<AlertLevels>();
        services.AddOptions<LiveOptions>();
        services.TryAddSingleton<CenterClock>();
        services.TryAddSingleton<CenterDirectory>();
        services.TryAddSingleton<LiveQueueSettings>();
        services.AddHostedService<LiveQueueSettingsRefresher>();
        // The host replaces this with its database (Dashboard.Web/Settings).
        services.TryAddSingleton<ICenterSettingsStore, InMemorySettingsStore>();
        services.TryAddSingleton<EventIngestor>();
        services.TryAddSingleton<IEventSink>(sp => sp.GetRequiredService<EventIngestor>());
        // The host replaces this with its history writer (Dashboard.Web/TimeSeries).
        services.TryAddSingleton<IHistorySink, NoHistory>();
        // The host replaces this with a file in its data directory (Dashboard.Web/Durability).
        services.TryAddKeyedSingleton<Orleans.Storage.IGrainStorage>(
            GrainStorageNames.Live, (sp, _) => new VolatileGrainStorage(sp.GetRequiredService<Orleans.Serialization.Serializer>()));
        return services;
    }
}
