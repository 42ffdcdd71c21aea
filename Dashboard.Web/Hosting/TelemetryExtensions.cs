using Dashboard.Grains.Telemetry;
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
            metrics.AddMeter(LiveMetrics.MeterName)
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
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}
