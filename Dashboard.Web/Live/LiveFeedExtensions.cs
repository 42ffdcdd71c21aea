using Dashboard.Web.Hosting;

namespace Dashboard.Web.Live;

public static class LiveFeedExtensions
{
    public static WebApplicationBuilder AddLiveFeed(this WebApplicationBuilder builder)
    {
        builder.Services.AddFloorFeed();
        builder.Services.AddSingleton<HubGroups>();
        builder.Services.AddHostedService<HubBroadcaster>();
        builder.Services.AddSignalR().AddJsonProtocol(o => JsonDefaults.Apply(o.PayloadSerializerOptions));
        return builder;
    }

    /// <summary>This host's one subscription to the floor (<see cref="LiveFeed"/>), which its pages and hub read.</summary>
    public static IServiceCollection AddFloorFeed(this IServiceCollection services)
    {
        services.AddSingleton<LiveFeed>();
        services.AddSingleton<ILiveFeed>(sp => sp.GetRequiredService<LiveFeed>());
        services.AddHostedService(sp => sp.GetRequiredService<LiveFeed>());
        return services;
    }

    public static WebApplication MapLiveHub(this WebApplication app)
    {
        app.UseHubShutdownGate(); // every hub's, Blazor's too: see HubShutdownGate
        app.MapHub<LiveHub>("/hubs/live");
        return app;
    }
}
