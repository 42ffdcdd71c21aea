using Dashboard.Web.Store;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Security.Accounts;

/// <summary>
/// At start: creates the accounts database if it is not there, the roles, the first admin from configuration,
/// and the demo accounts while the simulator demo is on (removed when it is off).
/// </summary>
public sealed class AccountSeeder(
    IServiceProvider services, IOptions<AccountsOptions> options, DemoAccounts demo, ILogger<AccountSeeder> log) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => SeedAsync(cancellationToken);

    private async Task SeedAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashboardDbContext>();
        if (db.Database.IsSqlite() && db.Database.GetDbConnection().DataSource is { Length: > 0 } file && Path.GetDirectoryName(file) is { Length: > 0 } folder)
            Directory.CreateDirectory(folder);
        // Creates the database on first run and brings an older one up to date (Store/Migrations).
        await db.Database.MigrateAsync(cancellationToken);
        // Hosts of a cluster starting together share one database: one seeds at a time (each finds what the one
        // before made), or both would create the same roles and demo accounts and one host would fail to start.
        await using var turn = await SeedingLock.TakeAsync(db, cancellationToken);

        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
                Check(await roles.CreateAsync(new IdentityRole(role)), $"role {role}");
        }

        var users = scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();
        var admin = options.Value.Admin;
        if (!string.IsNullOrEmpty(admin.Password))
        {
            if (await users.FindByNameAsync(admin.UserName) is null)
            {
                var user = new DashboardUser { UserName = admin.UserName, DisplayName = "Administrator" };
                Check(await users.CreateAsync(user, admin.Password), $"the first admin '{admin.UserName}' (Accounts:Admin)");
                Check(await users.AddToRoleAsync(user, Roles.Admin), "the admin role");
                log.LogInformation("Created the first admin '{UserName}' from configuration.", admin.UserName);
            }
        }
        else if (!demo.Enabled && (await users.GetUsersInRoleAsync(Roles.Admin)).Count == 0)
        {
            log.LogWarning("No admin account exists and Accounts:Admin:Password is not set: nobody can sign in to manage users.");
        }

        foreach (var stale in await users.Users.Where(u => u.IsDemo).ToListAsync(cancellationToken))
            Check(await users.DeleteAsync(stale), $"demo account {stale.UserName}");
        if (demo.Enabled)
        {
            foreach (var account in demo.Accounts)
            {
                var user = new DashboardUser
                {
                    UserName = account.UserName, DisplayName = account.DisplayName, AgentId = account.AgentId, Team = account.Team, IsDemo = true,
                };
                Check(await users.CreateAsync(user, demo.Password), $"demo account {account.UserName}");
                Check(await users.AddToRoleAsync(user, account.Role), $"demo account {account.UserName}'s role");
            }
            log.LogInformation("Demo accounts are on (simulator demo): {Accounts}, password {Password}.",
                string.Join(", ", demo.Accounts.Select(a => a.UserName)), demo.Password);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A PostgreSQL advisory lock held on the seeding context's connection; nothing to take with SQLite (one host).</summary>
    private sealed class SeedingLock(DashboardDbContext? db) : IAsyncDisposable
    {
        // The dashboard's own key ("Accounts" in ASCII): no other code here locks it.
        private const long Key = 0x4163636F756E7473;

        public static async Task<SeedingLock> TakeAsync(DashboardDbContext db, CancellationToken cancellationToken)
        {
            if (!db.Database.IsNpgsql())
                return new SeedingLock(null);
            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({Key})", cancellationToken);
            return new SeedingLock(db);
        }

        public async ValueTask DisposeAsync()
        {
            if (db is null)
                return;
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({Key})");
            await db.Database.CloseConnectionAsync();
        }
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException($"Could not create {what}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
    }
}

/// <summary>
/// One account per role for the simulator demo, with a password made at start (shown on the sign-in page, never
/// stored in the repository). Off whenever the simulator is off.
/// </summary>
public sealed class DemoAccounts
{
    public DemoAccounts(bool enabled, string? firstAgentId, string? firstTeam)
    {
        Enabled = enabled;
        Password = "Demo-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        Accounts =
        [
            new("demo-manager", "Demo manager", Roles.Manager, null, null),
            new("demo-supervisor", "Demo supervisor", Roles.Supervisor, null, firstTeam),
            new("demo-agent", "Demo agent", Roles.Agent, firstAgentId, firstTeam),
            new("demo-analyst", "Demo analyst", Roles.Analyst, null, null),
            new("demo-admin", "Demo admin", Roles.Admin, null, null),
        ];
    }

    public bool Enabled { get; }

    public string Password { get; }

    public IReadOnlyList<DemoAccount> Accounts { get; }
}

public sealed record DemoAccount(string UserName, string DisplayName, string Role, string? AgentId, string? Team);
