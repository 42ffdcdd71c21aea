using System.Diagnostics;
using System.Net;
using Dashboard.Tests.Support;
using Dashboard.Web.Security;
using Dashboard.Web.Security.ApiKeys;
using Dashboard.Web.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Security.Admin;

/// <summary>
/// API keys made by admins: they work with <c>X-Api-Key</c> beside the configured ones, within their scopes; only
/// their hash is stored; revoked, they stop within seconds, also when revoked by another instance.
/// </summary>
public sealed class ApiKeyAdministrationTests(AdminHost host) : IClassFixture<AdminHost>
{
    private ApiKeyStore Store => host.Factory.Services.GetRequiredService<ApiKeyStore>();

    private HttpClient ClientWith(string key)
    {
        var client = host.Factory.CreateAnonymousClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    [Fact]
    public async Task Create_KeyWorksWithItsScopes_OnlyItsHashStored_AuditedWithoutIt()
    {
        var admin = await host.NewAdminAsync();
        var name = Events.Unique("reader");

        var created = await Store.CreateAsync(admin, name, [Scopes.Read]);
        var read = await ClientWith(created.Key!).GetAsync("/api/queues");
        var ingest = await ClientWith(created.Key!).PostAsync("/api/events", PermissionTests.Json(PermissionTests.Login("adm-k1")));
        await using var db = await host.Factory.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        var row = await db.ApiKeys.AsNoTracking().SingleAsync(k => k.Name == name);
        var entry = Assert.Single(await host.Audit.ReadAsync(subject: name));

        Assert.Empty(created.Errors);
        Assert.StartsWith(ApiKeyStore.Prefix, created.Key);
        Assert.Equal(32, Base64UrlBytes(created.Key![ApiKeyStore.Prefix.Length..]).Length);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, ingest.StatusCode);
        Assert.Equal(ApiKeyRing.Hash(created.Key), row.Hash);
        Assert.Equal("read", row.Scopes);
        Assert.Equal(admin.Identity!.Name, row.CreatedBy);
        Assert.Equal("api-key.create", entry.Action);
        Assert.DoesNotContain(created.Key, entry.After);
        Assert.DoesNotContain(row.Hash, entry.After);
    }

    [Fact]
    public async Task Revoke_HereRefusedAtOnce_Audited()
    {
        var admin = await host.NewAdminAsync();
        var created = await Store.CreateAsync(admin, Events.Unique("feed"), [Scopes.Ingest, Scopes.Read]);
        var before = await ClientWith(created.Key!).GetAsync("/api/queues");

        var revoked = await Store.RevokeAsync(admin, created.Stored!.Id);
        var after = await ClientWith(created.Key!).GetAsync("/api/queues");
        var again = await Store.RevokeAsync(admin, created.Stored.Id);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal(admin.Identity!.Name, revoked!.RevokedBy);
        Assert.Null(again);
        Assert.Equal(["api-key.revoke", "api-key.create"], (await host.Audit.ReadAsync(subject: created.Stored.Name)).Select(e => e.Action));
    }

    [Fact]
    public async Task Revoke_ByAnotherInstance_RefusedWithinSeconds()
    {
        var admin = await host.NewAdminAsync();
        var created = await Store.CreateAsync(admin, Events.Unique("other"), [Scopes.Read]);
        var client = ClientWith(created.Key!);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/queues")).StatusCode);

        // Another instance sharing the database revokes it: this one learns of it only from the database.
        await using (var db = await host.Factory.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync())
        {
            var row = await db.ApiKeys.SingleAsync(k => k.Id == created.Stored!.Id);
            row.RevokedAt = DateTimeOffset.UtcNow;
            await db.SaveChangesAsync();
        }
        var clock = Stopwatch.StartNew();
        while ((await client.GetAsync("/api/queues")).StatusCode == HttpStatusCode.OK && clock.Elapsed < TimeSpan.FromSeconds(10))
            await Task.Delay(100);

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, ApiKeyRing.RefreshInterval + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/queues")).StatusCode);
    }

    [Fact]
    public async Task LastUsed_WrittenOnFirstUse_NotOnEveryRequest()
    {
        var admin = await host.NewAdminAsync();
        var created = await Store.CreateAsync(admin, Events.Unique("used"), [Scopes.Read]);
        var client = ClientWith(created.Key!);

        var unused = (await Store.ListAsync()).Single(k => k.Id == created.Stored!.Id).LastUsedAt;
        await client.GetAsync("/api/queues");
        var first = (await Store.ListAsync()).Single(k => k.Id == created.Stored!.Id).LastUsedAt;
        await Task.Delay(50);
        await client.GetAsync("/api/queues");
        var second = (await Store.ListAsync()).Single(k => k.Id == created.Stored!.Id).LastUsedAt;

        Assert.Null(unused);
        Assert.NotNull(first);
        Assert.Equal(first, second);
    }

    public static TheoryData<string?, string[], string> BadInput => new()
    {
        { "", [Scopes.Read], "Name: required" },
        { new string('n', 101), [Scopes.Read], "Name: at most 100 characters." },
        { "no-scopes", [], "Scopes: choose at least one of ingest, read, manage." },
        { "odd-scope", ["admin"], "Scopes: 'admin' is not one of ingest, read, manage." },
        { "tests", [Scopes.Read], "Name: another active key is called 'tests'." }, // the factory's configured key
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task Create_BadInput_ErrorNamesFieldAndRule_NoKey(string? name, string[] scopes, string expected)
    {
        var admin = await host.NewAdminAsync();

        var created = await Store.CreateAsync(admin, name, scopes);

        Assert.Null(created.Key);
        Assert.Contains(created.Errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Create_NameOfAnActiveKey_Refused_OfARevokedOne_Allowed()
    {
        var admin = await host.NewAdminAsync();
        var name = Events.Unique("twice");
        var first = await Store.CreateAsync(admin, name, [Scopes.Read]);

        var clash = await Store.CreateAsync(admin, name, [Scopes.Read]);
        await Store.RevokeAsync(admin, first.Stored!.Id);
        var reuse = await Store.CreateAsync(admin, name, [Scopes.Read]);

        Assert.Equal([$"Name: another active key is called '{name}'."], clash.Errors);
        Assert.NotNull(reuse.Key);
    }

    private static byte[] Base64UrlBytes(string text) =>
        Convert.FromBase64String(text.Replace('-', '+').Replace('_', '/') + new string('=', (4 - text.Length % 4) % 4));
}

/// <summary>With no key configured, the API still refuses machines; a key an admin makes then works.</summary>
public sealed class ApiKeysWithoutConfigurationTests : IAsyncLifetime
{
    private readonly DashboardFactory _factory = new DashboardFactory().WithoutApiKeys();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task NoKeysAnywhere_401_ThenAnAdminsKeyWorks()
    {
        var refused = await _factory.CreateClient().GetAsync("/api/queues"); // carries a key the host does not know
        var admin = await AdminHost.NewAdminAsync(_factory);

        var created = await _factory.Services.GetRequiredService<ApiKeyStore>().CreateAsync(admin, "only-key", [Scopes.Read]);
        var client = _factory.CreateAnonymousClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", created.Key);
        var accepted = await client.GetAsync("/api/queues");

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }
}
