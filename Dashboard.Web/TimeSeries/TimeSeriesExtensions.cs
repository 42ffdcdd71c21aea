using Dashboard.Web.Hosting;
using Dashboard.Grains.History;
using Dashboard.Web.Security;
using Dashboard.Web.TimeSeries.Influx;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.TimeSeries;

public static class TimeSeriesExtensions
{
    /// <summary>
    /// History (section "History"): the grains' records go through a bounded queue to InfluxDB when
    /// History:InfluxDb:Url is set, otherwise to the embedded store (SQLite, in the data directory); queues are sampled every
    /// History:SnapshotInterval. Bad settings fail the start with every problem named.
    /// </summary>
    public static WebApplicationBuilder AddTimeSeries(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(HistoryOptions.Section);
        var spool = DataDirectory.PathOf(builder.Configuration, "history-spool");
        builder.Services.AddOptions<HistoryOptions>().Bind(section)
            .PostConfigure(o => o.SpoolDirectory = string.IsNullOrWhiteSpace(o.SpoolDirectory) ? spool : o.SpoolDirectory)
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<HistoryOptions>, HistoryOptionsValidator>();
        builder.Services.AddSingleton<HistoryStatus>();
        builder.Services.AddSingleton<HistoryChannel>();
        builder.Services.Replace(ServiceDescriptor.Singleton<IHistorySink>(sp => sp.GetRequiredService<HistoryChannel>()));
        if (section.GetSection("InfluxDb").Get<InfluxDbOptions>()?.IsConfigured == true)
        {
            builder.Services.AddSingleton<IHistoryStore, InfluxHistoryStore>();
        }
        else
        {
            // In the data directory, so Storage:DataDirectory moves it with everything else the host keeps.
            var file = DataDirectory.PathOf(builder.Configuration, EmbeddedHistoryStore.FileName);
            builder.Services.AddSingleton<IHistoryStore>(sp => ActivatorUtilities.CreateInstance<EmbeddedHistoryStore>(sp, file));
        }
        builder.Services.AddHostedService<HistoryWriter>();
        builder.Services.AddHostedService<QueueSampler>();
        return builder;
    }

    public static WebApplication MapTimeSeries(this WebApplication app)
    {
        // Read-only operational state of the history writer, for operators and their monitoring (counts, times and
        // the last error, no customer data): admins and read keys, like /metrics.
        app.MapGet("/health/history", (IHistoryStore store, HistoryStatus status) =>
            {
                _ = store; // resolves the store, so its status is filled in even before the first write
                return TypedResults.Ok(status.Snapshot());
            })
            .WithTags("Health").WithSummary("The history writer: store, queue, spool, written, failed, dropped, lag, last error.")
            .RequireAuthorization(Policies.Operations);
        return app;
    }

    private sealed class HistoryOptionsValidator : IValidateOptions<HistoryOptions>
    {
        public ValidateOptionsResult Validate(string? name, HistoryOptions options)
        {
            var problems = options.Problems().ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
