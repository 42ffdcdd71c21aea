using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Dashboard.Web.Security.Displays;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Web.Security.Accounts;

/// <summary>
/// Users and roles (ASP.NET Core Identity's tables), and the data-protection keys that sign the sign-in cookie and
/// antiforgery tokens: kept here, a restart does not sign everybody out, and instances sharing the database share them.
/// </summary>
public sealed class AccountsDbContext(DbContextOptions<AccountsDbContext> options)
    : IdentityDbContext<DashboardUser>(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys { get; set; } = null!;

    public DbSet<DisplayLink> DisplayLinks { get; set; } = null!;

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
    }
}
