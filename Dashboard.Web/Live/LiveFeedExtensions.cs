using Dashboard.Web.Hosting;

namespace Dashboard.Web.Live;

public static class LiveFeedExtensions
{
    public static WebApplicationBuilder AddLiveFeed(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<LiveFeed>();
        builder.Services.AddSingleton<ILiveFeed>(sp => sp.GetRequiredService<LiveFeed>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<LiveFeed>());
        builder.Services.AddSingleton<HubGroups>();
        builder.Services.AddHostedService<HubBroadcaster>();
        builder.Services.AddSignalR().AddJsonProtocol(o => JsonDefaults.Apply(o.PayloadSerializerOptions));
        return builder;
    }

    public static WebApplication MapLiveHub(this WebApplication app)
    {
        app.UseHubShutdownGate(); // every hub's, Blazor's too: see HubShutdownGate
        app.MapHub<LiveHub>("/hubs/live");
        return app;
    }
}
