namespace Dashboard.Web.Live;

public static class LiveFeedExtensions
{
    public static WebApplicationBuilder AddLiveFeed(this WebApplicationBuilder builder) => builder;

    public static WebApplication MapLiveHub(this WebApplication app) => app;
}
