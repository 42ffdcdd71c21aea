using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Security;

/// <summary>
/// The connection the dashboard is served over (docs/permissions.md, "Transport and proxies"): the client's address
/// and scheme from a known reverse proxy only, cookies over HTTPS only (<see cref="NetworkOptions"/>), and the hub's
/// key kept out of the logs when a browser must put it in a URL (<see cref="TokenRedactingLoggerFactory"/>).
/// </summary>
public static partial class TransportExtensions
{
    public static WebApplicationBuilder AddTransport(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // A malformed address fails the start naming it, rather than a proxy that is silently never believed.
        services.AddOptions<NetworkOptions>().Bind(builder.Configuration.GetSection(NetworkOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<NetworkOptions>, NetworkOptionsValidator>();

        // Runs after ASP.NET Core's own setup, so it also overrules ASPNETCORE_FORWARDEDHEADERS_ENABLED, which believes
        // any sender, and the framework's default, which believes loopback: Network:* alone says whom to believe.
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<NetworkOptions>>((o, network) =>
        {
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            if (!network.Value.TrustsAProxy)
            {
                // Empty lists would mean "believe everyone" to the middleware: nothing is read instead.
                o.ForwardedHeaders = ForwardedHeaders.None;
                return;
            }
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Through a chain of listed proxies to the first address not listed (the client); one entry with one proxy.
            o.ForwardLimit = null;
            foreach (var proxy in network.Value.Proxies)
                o.KnownProxies.Add(proxy);
            foreach (var range in network.Value.Networks)
                o.KnownIPNetworks.Add(range);
        });

        // Every cookie that holds a sign-in or guards a form; SameSite stays as each sets it (Lax).
        var secure = builder.Configuration.GetSection(NetworkOptions.Section).Get<NetworkOptions>()?.SecureCookies
            ?? !builder.Environment.IsDevelopment();
        var policy = secure ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        services.ConfigureAll<CookieAuthenticationOptions>(o => o.Cookie.SecurePolicy = policy);
        services.Configure<AntiforgeryOptions>(o => o.Cookie.SecurePolicy = policy);

        TokenRedactingLoggerFactory.Register(services);
        return builder;
    }

    /// <summary>First in the pipeline: rate limits, cookies and the same-origin check see the client as the proxy saw it.</summary>
    public static WebApplication UseTransport(this WebApplication app)
    {
        var network = app.Configuration.GetSection(NetworkOptions.Section).Get<NetworkOptions>() ?? new NetworkOptions();
        if (app.Configuration.GetValue<bool>("FORWARDEDHEADERS_ENABLED") && !network.Problems().Any() && !network.TrustsAProxy)
            LogForwardedHeadersSwitchIgnored(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TransportExtensions)));
        app.UseForwardedHeaders();
        return app;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "ASPNETCORE_FORWARDEDHEADERS_ENABLED is set but no proxy is named: X-Forwarded-For "
        + "and X-Forwarded-Proto are ignored from every sender. Name the reverse proxy in Network:KnownProxies or Network:KnownNetworks")]
    private static partial void LogForwardedHeadersSwitchIgnored(ILogger logger);

    private sealed class NetworkOptionsValidator : IValidateOptions<NetworkOptions>
    {
        public ValidateOptionsResult Validate(string? name, NetworkOptions options)
        {
            var problems = options.Problems().ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
