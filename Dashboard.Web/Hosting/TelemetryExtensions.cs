using Dashboard.Grains.Telemetry;
using Dashboard.Web.Security;
using OpenTelemetry.Metrics;

namespace Dashboard.Web.Hosting;

/// <summary>
/// Metrics for operators: the live path's own instruments plus ASP.NET Core and runtime metrics, scraped as
/// Prometheus text at /metrics, and pushed over OTLP when an endpoint is configured (the standard
/// OTEL_EXPORTER_OTLP_ENDPOINT variable or Telemetry:OtlpEndpoint).
/// </summary>
public static class TelemetryExtensions
{
    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        var otlpEndpoint = builder.Configuration["Telemetry:OtlpEndpoint"]
            ?? builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        builder.Services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            // Finer buckets than the default where the promises are (≤ 250 ms to screen; short GC pauses).
            metrics.AddView("dashboard.live.event_to_push", new ExplicitBucketHistogramConfiguration
            {
                Boundaries = [1, 2, 5, 10, 20, 50, 75, 100, 150, 200, 250, 500, 1000, 2500],
            });
            metrics.AddView("dashboard.gc.pause.duration", new ExplicitBucketHistogramConfiguration
            {
                Boundaries = [0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000],
            });
            // History's promise is a write lag under 2 s (issue 4): buckets around it.
            metrics.AddView("dashboard.history.lag", new ExplicitBucketHistogramConfiguration
            {
                Boundaries = [50, 100, 250, 500, 750, 1000, 1250, 1500, 2000, 2500, 5000, 10000, 30000],
            });
            metrics.AddMeter(LiveMetrics.MeterName, HistoryMetrics.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter();
            if (!string.IsNullOrEmpty(otlpEndpoint))
            {
                metrics.AddOtlpExporter(o => o.Endpoint = new Uri(otlpEndpoint));
            }
        });
        return builder;
    }

    public static WebApplication MapTelemetry(this WebApplication app)
    {
        GcPauseListener.EnsureStarted();
        app.MapPrometheusScrapingEndpoint("/metrics").RequireAuthorization(Policies.Operations);
        return app;
    }
}
