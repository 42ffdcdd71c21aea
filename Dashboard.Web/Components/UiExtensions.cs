using MudBlazor.Services;

namespace Dashboard.Web.Components;

public static class UiExtensions
{
    public static WebApplicationBuilder AddDashboardUi(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        return builder;
    }

    public static WebApplication UseDashboardUi(this WebApplication app)
    {
        app.UseAntiforgery();
        return app;
    }

    public static WebApplication MapDashboardUi(this WebApplication app)
    {
        app.MapStaticAssets().AllowAnonymous(); // styles and scripts, also for the sign-in page
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
