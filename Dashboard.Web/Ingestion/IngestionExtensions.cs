namespace Dashboard.Web.Ingestion;

public static class IngestionExtensions
{
    public static WebApplicationBuilder AddIngestion(this WebApplicationBuilder builder) => builder;

    public static WebApplication MapIngestion(this WebApplication app) => app;
}
