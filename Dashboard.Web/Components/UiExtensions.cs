using Dashboard.Web.Localization;
using MudBlazor.Services;

namespace Dashboard.Web.Components;

public static class UiExtensions
{
    public static WebApplicationBuilder AddDashboardUi(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.AddDashboardLocalization(); // English and Simplified Chinese: the user's choice, else the browser's
        return builder;
    }

    public static WebApplication UseDashboardUi(this WebApplication app)
    {
        app.UseDashboardLocalization();
        app.UseAntiforgery();
        return app;
    }

    public static WebApplication MapDashboardUi(this WebApplication app)
    {
        app.MapStaticAssets().AllowAnonymous(); // styles and scripts, also for the sign-in page
        app.MapLanguageSwitch();                 // GET /culture/set, anonymous like the sign-in page
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
