namespace Dashboard.Web.Api;

public static class ReadApiExtensions
{
    public static WebApplicationBuilder AddReadApi(this WebApplicationBuilder builder) => builder;

    public static WebApplication MapReadApi(this WebApplication app) => app;
}
