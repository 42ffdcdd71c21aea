using Dashboard.Web.Audit;
using Dashboard.Web.Management;
using Dashboard.Web.Security.Accounts;
using Dashboard.Web.Security.ApiKeys;
using Dashboard.Web.Security.Displays;
using Dashboard.Web.Settings;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Web.Store;

/// <summary>
/// What the dashboard itself keeps (SQLite by default, PostgreSQL by configuration): users and roles (ASP.NET Core
/// Identity's tables); the data-protection keys that sign the sign-in cookie, antiforgery tokens and display links
/// (so a restart signs nobody out, and instances sharing the database share them); display links; the agents'
/// queues as managers set them; the settings managers edit (queues' service level, alert levels, the staffing
/// plan); the audit log; API keys made in the UI (their hashes only). The live figures are not here: they live in
/// the grains.
/// </summary>
/// <remarks>
/// One subclass per database provider (<see cref="SqliteDashboardDbContext"/>, <see cref="PostgresDashboardDbContext"/>),
/// each with its own migrations (Store/Migrations/…), as EF Core recommends for several providers: the column types
/// differ. Add a migration to both with scripts/add-migration.sh.
/// </remarks>
public abstract class DashboardDbContext(DbContextOptions options)
    : IdentityDbContext<DashboardUser>(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys { get; set; } = null!;

    public DbSet<DisplayLink> DisplayLinks { get; set; } = null!;

    public DbSet<AgentAssignment> AgentAssignments { get; set; } = null!;

    public DbSet<AuditEntry> AuditEntries { get; set; } = null!;

    public DbSet<StoredApiKey> ApiKeys { get; set; } = null!;

    public DbSet<KeptSetting> CenterSettings { get; set; } = null!;

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<DashboardUser>(user =>
        {
            user.Property(u => u.DisplayName).HasMaxLength(256);
            user.Property(u => u.AgentId).HasMaxLength(128);
            user.Property(u => u.Team).HasMaxLength(128);
        });
        builder.Entity<DisplayLink>(link =>
        {
            link.HasKey(l => l.Id);
            link.Property(l => l.Id).HasMaxLength(32);
            link.Property(l => l.Name).HasMaxLength(200);
            link.Property(l => l.Queues).HasMaxLength(4000);
            link.Property(l => l.CreatedBy).HasMaxLength(256);
            link.Property(l => l.RevokedBy).HasMaxLength(256);
        });
        builder.Entity<AgentAssignment>(assignment =>
        {
            assignment.HasKey(a => a.AgentId);
            assignment.Property(a => a.AgentId).HasMaxLength(128);
            assignment.Property(a => a.ChangedBy).HasMaxLength(256);
        });
        builder.Entity<KeptSetting>(setting =>
        {
            setting.ToTable("CenterSettings");
            setting.HasKey(s => s.Key);
            setting.Property(s => s.Key).HasMaxLength(300);
        });
        builder.Entity<AuditEntry>(entry =>
        {
            entry.HasKey(e => e.Id);
            entry.Property(e => e.Actor).HasMaxLength(256);
            entry.Property(e => e.Action).HasMaxLength(64);
            entry.Property(e => e.Subject).HasMaxLength(256);
            entry.HasIndex(e => e.Subject);
        });
        builder.Entity<StoredApiKey>(key =>
        {
            key.HasKey(k => k.Id);
            key.Property(k => k.Id).HasMaxLength(32);
            key.Property(k => k.Name).HasMaxLength(ApiKeyStore.MaxName);
            key.Property(k => k.Hash).HasMaxLength(64);
            key.HasIndex(k => k.Hash).IsUnique();
            key.Property(k => k.Scopes).HasMaxLength(64);
            key.Property(k => k.CreatedBy).HasMaxLength(256);
            key.Property(k => k.RevokedBy).HasMaxLength(256);
            key.Ignore(k => k.ScopeList);
        });
    }
}

public sealed class SqliteDashboardDbContext(DbContextOptions<SqliteDashboardDbContext> options) : DashboardDbContext(options);

public sealed class PostgresDashboardDbContext(DbContextOptions<PostgresDashboardDbContext> options) : DashboardDbContext(options);

/// <summary>Hands out the configured provider's context as a <see cref="DashboardDbContext"/>.</summary>
internal sealed class ProviderContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<DashboardDbContext>
    where TContext : DashboardDbContext
{
    public DashboardDbContext CreateDbContext() => inner.CreateDbContext();
}

/// <summary>For <c>dotnet ef migrations add</c> (no database is touched).</summary>
internal sealed class SqliteDesignTimeFactory : Microsoft.EntityFrameworkCore.Design.IDesignTimeDbContextFactory<SqliteDashboardDbContext>
{
    public SqliteDashboardDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteDashboardDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

/// <inheritdoc cref="SqliteDesignTimeFactory"/>
internal sealed class PostgresDesignTimeFactory : Microsoft.EntityFrameworkCore.Design.IDesignTimeDbContextFactory<PostgresDashboardDbContext>
{
    public PostgresDashboardDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresDashboardDbContext>().UseNpgsql("Host=localhost;Database=design-time").Options);
}
