using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Dashboard.Tests.Support;

/// <summary>
/// A minimal OpenID Connect provider on a real loopback port: discovery document, signing keys (JWKS), an
/// authorization endpoint that answers at once for the person the test names (as <c>form_post</c> would: the
/// test posts the code back), and a token endpoint that issues a signed ID token with their roles.
/// </summary>
public sealed class FakeIdentityProvider : IAsyncDisposable
{
    public const string ClientId = "dashboard-tests";
    public const string ClientSecret = "a-client-secret";

    private readonly WebApplication _app;
    private readonly RsaSecurityKey _key = new(RSA.Create(2048)) { KeyId = "test-key" };
    private readonly ConcurrentDictionary<string, (string Nonce, Person Who)> _codes = new();

    /// <summary>Who the provider signs in: its subject, user name, display name, roles.</summary>
    public sealed record Person(string Subject, string UserName, string Name, IReadOnlyList<string> Roles);

    /// <summary>What the authorization endpoint answers: the code and state to post to the redirect URI.</summary>
    public sealed record Authorized(Uri RedirectUri, string Code, string State);

    private FakeIdentityProvider(WebApplication app) => _app = app;

    public Uri Authority { get; private set; } = null!;

    /// <summary>The person the next authorization signs in.</summary>
    public Person Next { get; set; } = new("sub-1", "person", "A person", []);

    public static async Task<FakeIdentityProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var provider = new FakeIdentityProvider(app);
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(provider.Discovery()));
        app.MapGet("/jwks", () =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(provider._key);
            return Results.Json(new { keys = new[] { new { kty = "RSA", use = "sig", alg = "RS256", kid = jwk.Kid, n = jwk.N, e = jwk.E } } });
        });
        app.MapGet("/authorize", (HttpRequest request) =>
        {
            var code = Guid.NewGuid().ToString("N");
            provider._codes[code] = (request.Query["nonce"].ToString(), provider.Next);
            return Results.Json(new { redirect_uri = request.Query["redirect_uri"].ToString(), code, state = request.Query["state"].ToString() });
        });
        app.MapPost("/token", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            if (form["client_id"] != ClientId && !request.Headers.Authorization.ToString().StartsWith("Basic ", StringComparison.Ordinal))
                return Results.BadRequest(new { error = "invalid_client" });
            if (!provider._codes.TryRemove(form["code"].ToString(), out var grant))
                return Results.BadRequest(new { error = "invalid_grant" });
            var accessToken = Guid.NewGuid().ToString("N");
            return Results.Json(new { access_token = accessToken, token_type = "Bearer", expires_in = 300, id_token = provider.IdToken(grant.Nonce, grant.Who, accessToken) });
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        provider.Authority = new Uri(address.TrimEnd('/'));
        return provider;
    }

    public Uri AuthorizationEndpoint => new(Authority, "/authorize");

    /// <summary>Follows the dashboard's redirect to the authorization endpoint, as a browser would.</summary>
    public async Task<Authorized> AuthorizeAsync(Uri authorizeUrl)
    {
        using var client = new HttpClient();
        var answer = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync(authorizeUrl)).RootElement;
        return new Authorized(new Uri(answer.GetProperty("redirect_uri").GetString()!), answer.GetProperty("code").GetString()!, answer.GetProperty("state").GetString()!);
    }

    private object Discovery()
    {
        var issuer = Authority.ToString().TrimEnd('/');
        return new Dictionary<string, object>
        {
            ["issuer"] = issuer,
            ["authorization_endpoint"] = issuer + "/authorize",
            ["token_endpoint"] = issuer + "/token",
            ["jwks_uri"] = issuer + "/jwks",
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["code_challenge_methods_supported"] = new[] { "S256" },
        };
    }

    private string IdToken(string nonce, Person who, string accessToken)
    {
        var hash = SHA256.HashData(Encoding.ASCII.GetBytes(accessToken));
        var claims = new Dictionary<string, object>
        {
            ["sub"] = who.Subject, ["preferred_username"] = who.UserName, ["name"] = who.Name, ["nonce"] = nonce,
            ["at_hash"] = Base64UrlEncoder.Encode(hash[..16]), ["roles"] = who.Roles.ToArray(),
        };
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Authority.ToString().TrimEnd('/'), Audience = ClientId, Claims = claims,
            IssuedAt = DateTime.UtcNow, NotBefore = DateTime.UtcNow.AddSeconds(-5), Expires = DateTime.UtcNow.AddMinutes(5),
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
        });
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
