using Dashboard.Web.Hosting;
using Dashboard.Web.Store;
using System.Threading.RateLimiting;
using Dashboard.Web.Security.Accounts;
using Dashboard.Web.Simulation;
using Dashboard.Web.Security.ApiKeys;
using Microsoft.AspNetCore.Authentication;
using Dashboard.Web.Security.Displays;
using Dashboard.Web.Security.Oidc;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Security;

/// <summary>
/// Who may do what (docs/permissions.md): people sign in with a cookie (ASP.NET Core Identity on EF Core),
/// machines send <c>X-Api-Key</c>; one policy per permission; rate limits on ingestion and sign-in.
/// </summary>
public static class SecurityExtensions
{
    /// <summary>Chooses the cookie or the API key per request.</summary>
    public const string Scheme = "Dashboard";
    public const string PersonCookie = "dashboard.auth";
    public const string IngestLimit = "ingest";
    public const string SignInLimit = "sign-in";

    public static WebApplicationBuilder AddSecurity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var accounts = builder.Configuration.GetSection(AccountsOptions.Section);
        services.Configure<AccountsOptions>(accounts);
        var accountOptions = accounts.Get<AccountsOptions>() ?? new AccountsOptions();
        // A factory for Blazor components (a circuit outlives a request: each operation takes its own context),
        // and the context itself, scoped, for Identity's stores; each provider has its own context type and migrations.
        switch (accountOptions.Provider.ToLowerInvariant())
        {
            case "sqlite":
                services.AddDbContextFactory<SqliteDashboardDbContext>(db => db.UseSqlite(accountOptions.SqliteConnectionString(DataDirectory.Of(builder.Configuration))));
                services.AddSingleton<IDbContextFactory<DashboardDbContext>, ProviderContextFactory<SqliteDashboardDbContext>>();
                break;
            case "postgres":
                var connection = accountOptions.ConnectionString ?? throw new InvalidOperationException(
                    "Accounts:Provider is postgres: set Accounts:ConnectionString (Host=…;Database=…;Username=…;Password=…).");
                services.AddDbContextFactory<PostgresDashboardDbContext>(db => db.UseNpgsql(connection));
                services.AddSingleton<IDbContextFactory<DashboardDbContext>, ProviderContextFactory<PostgresDashboardDbContext>>();
                break;
            default:
                throw new InvalidOperationException($"Accounts:Provider '{accountOptions.Provider}' is not supported: use sqlite or postgres.");
        }
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContext());

        // Hosted services start in order: the accounts database (and its key table) before data protection reads keys.
        services.AddHostedService<AccountSeeder>();
        services.AddDataProtection().SetApplicationName("callcenter-dashboard").PersistKeysToDbContext<DashboardDbContext>();
        services.AddIdentityCore<DashboardUser>(o =>
            {
                // No lockout settings: wrong passwords lock an address out of an account (SignInThrottle), never
                // the account itself; only an admin locks an account.
                o.Password.RequiredLength = 10;
                o.User.RequireUniqueEmail = false;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<DashboardDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<DashboardClaimsFactory>()
            .AddDefaultTokenProviders();

        // Every request's stamp is checked (SessionRules); Identity's validator rebuilds the claims as often as open
        // pages recheck, not every 30 minutes, and the session's start goes over to the rebuilt claims.
        services.Configure<SecurityStampValidatorOptions>(o =>
        {
            o.ValidationInterval = accountOptions.SessionRecheckInterval;
            o.OnRefreshingPrincipal = SessionRules.KeepStartAsync;
        });
        services.AddSingleton<SessionRules>();
        services.AddSingleton<SignInThrottle>();
        services.AddScoped<PasswordSignIn>();
        services.AddSingleton<UserAdministration>();

        var simulatorOn = builder.Configuration.GetValue("Simulator:Enabled", true);
        var (demoAgent, demoTeam) = accountOptions.DemoAccounts ?? simulatorOn ? DemoCenter.DemoRoster(builder.Configuration) : (null, null);
        services.AddSingleton(new DemoAccounts(accountOptions.DemoAccounts ?? simulatorOn, demoAgent, demoTeam));

        // A malformed key fails the start with every problem named, rather than a key that silently never works.
        services.AddOptions<ApiOptions>().Bind(builder.Configuration.GetSection(ApiOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ApiOptions>, ApiOptionsValidator>();
        services.AddSingleton<ApiKeyRing>();
        services.AddSingleton<ApiKeyStore>();

        // Sign-in through the company's identity provider, when configured: checked at start, every problem named.
        var oidcSection = builder.Configuration.GetSection(OidcOptions.Section);
        services.AddOptions<OidcOptions>().Bind(oidcSection).ValidateOnStart();
        services.AddSingleton<IValidateOptions<OidcOptions>, OidcOptions.Validator>();
        services.AddScoped<ExternalAccounts>();
        var oidc = oidcSection.Get<OidcOptions>() ?? new OidcOptions();

        var authentication = services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "API key, person or display", o => o.ForwardDefaultSelector = http =>
                ApiKeyAuthenticationHandler.PresentedKey(http.Request) is not null ? ApiKeyAuthenticationHandler.SchemeName
                : !http.Request.Cookies.ContainsKey(PersonCookie) && http.Request.Cookies.ContainsKey(DisplayScheme.CookieName) ? DisplayScheme.Name
                : IdentityConstants.ApplicationScheme)
            .AddCookie(DisplayScheme.Name, o =>
            {
                o.Cookie.Name = DisplayScheme.CookieName;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.ExpireTimeSpan = TimeSpan.FromDays(400);
                o.SlidingExpiration = true;
                o.LoginPath = "/account/login";
                o.AccessDeniedPath = "/account/denied";
                // As for people: the API answers a display 401 or 403, a page sends it to sign-in or "not allowed".
                o.Events.OnRedirectToLogin = c => RedirectOrStatus(c, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = c => RedirectOrStatus(c, StatusCodes.Status403Forbidden);
                // A revoked link's cookie stops working at the next request (open circuits: RevalidatingAuthentication).
                o.Events.OnValidatePrincipal = async c =>
                {
                    var links = c.HttpContext.RequestServices.GetRequiredService<DisplayLinks>();
                    if (c.Principal?.FindFirst(DisplayLinks.LinkIdClaim)?.Value is not { } id || await links.ActiveAsync(id) is null)
                    {
                        c.RejectPrincipal();
                        await c.HttpContext.SignOutAsync(DisplayScheme.Name);
                    }
                };
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        authentication.AddIdentityCookies();
        if (oidc.Enabled)
        {
            authentication.AddOpenIdConnect(OidcScheme.Name, oidc.DisplayName, o =>
            {
                // The provider's answer lands in Identity's external cookie; AccountEndpoints then signs the person
                // in to their local account with our roles (so locks, audit and session checks apply as for anyone).
                o.SignInScheme = IdentityConstants.ExternalScheme;
                o.Authority = oidc.Authority;
                o.ClientId = oidc.ClientId;
                o.ClientSecret = string.IsNullOrEmpty(oidc.ClientSecret) ? null : oidc.ClientSecret;
                o.ResponseType = OpenIdConnectResponseType.Code; // with PKCE (the handler's default)
                o.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
                o.MapInboundClaims = false; // keep the token's own claim names: sub, name, roles…
                if (!oidc.RequireHttpsMetadata)
                {
                    // A provider on this machine over http (development, tests): the handler's cookies must then
                    // come back over http too. Everywhere else they stay Secure.
                    o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                    o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                }
                o.Events.OnRemoteFailure = c =>
                {
                    // Cancelled or refused at the provider: back to the sign-in page with a word, not an error page.
                    c.Response.Redirect("/account/login?error=external");
                    c.HandleResponse();
                    return Task.CompletedTask;
                };
            });
        }
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = PersonCookie;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.LoginPath = "/account/login";
            o.AccessDeniedPath = "/account/denied";
            o.ExpireTimeSpan = accountOptions.SessionIdleTimeout;
            o.SlidingExpiration = true;
            // A session ends at sign-out, at an admin's change and at its absolute lifetime, checked at every request.
            o.Events.OnSigningIn = c =>
            {
                c.HttpContext.RequestServices.GetRequiredService<SessionRules>().Begin(c.Principal!);
                return Task.CompletedTask;
            };
            o.Events.OnValidatePrincipal = SessionRules.ValidateAsync;
            // Machines and scripts get status codes, people a page.
            o.Events.OnRedirectToLogin = c => RedirectOrStatus(c, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = c => RedirectOrStatus(c, StatusCodes.Status403Forbidden);
        });

        services.AddAuthorization(o =>
        {
            Policies.Add(o);
            // Anything mapped without a policy of its own is closed to anonymous callers, not open.
            o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
        });
        services.AddSingleton<IAuthorizationHandler, OwnAgentOrQueueHandler>();
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingAuthentication>();
        services.AddSingleton<DisplayLinks>();

        var limits = builder.Configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, cancellationToken) => TooManyAsync(context.HttpContext, limits);
            o.AddPolicy(IngestLimit, http => RateLimitPartition.GetTokenBucketLimiter(
                http.User.Identity?.Name ?? "anonymous",
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = limits.IngestRequestsPerSecond,
                    TokensPerPeriod = limits.IngestRequestsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = limits.IngestRequestsPerSecond,
                }));
            o.AddPolicy(SignInLimit, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = limits.SignInsPerMinute, Window = TimeSpan.FromMinutes(1) }));
        });
        return builder;
    }

    public static WebApplication UseSecurity(this WebApplication app)
    {
        app.UseCrossSiteChecks(); // before anyone is authenticated: it asks where a request comes from, not who sends it
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        return app;
    }

    // Says which limit was reached and when to try again; a browser that takes no JSON keeps the bare 429.
    private static async ValueTask TooManyAsync(HttpContext http, RateLimitOptions limits)
    {
        var policy = http.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute>()?.PolicyName;
        var (detail, retryAfter) = policy == SignInLimit
            ? ($"More than {limits.SignInsPerMinute} sign-ins a minute from this address (RateLimits:SignInsPerMinute); try again in a minute.", 60)
            : ($"More than {limits.IngestRequestsPerSecond} requests a second with this key (RateLimits:IngestRequestsPerSecond); "
                + "send again after a second, or fewer, larger batches.", 1);
        http.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = { Status = StatusCodes.Status429TooManyRequests, Title = "Too many requests", Detail = detail },
        });
    }

    /// <summary>
    /// Where machines are served: the JSON API, the hub, and the operational endpoints (writer health, metrics, the
    /// OpenAPI document). API keys count here and nowhere else (<see cref="ApiKeyAuthenticationHandler.PresentedKey"/>).
    /// </summary>
    public static bool ServesMachines(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/hubs") || path.StartsWithSegments("/health")
        || path.StartsWithSegments("/metrics") || path.StartsWithSegments("/openapi");

    private static Task RedirectOrStatus(RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        var path = context.Request.Path;
        if (ServesMachines(path) || path.StartsWithSegments("/_blazor"))
        {
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }
        return Task.CompletedTask;
    }

    private sealed class ApiOptionsValidator : IValidateOptions<ApiOptions>
    {
        public ValidateOptionsResult Validate(string? name, ApiOptions options)
        {
            var problems = options.Problems().ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
