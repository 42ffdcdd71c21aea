using Dashboard.Web.Store;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Tests.Store;

/// <summary>
/// The dashboard database is created and upgraded by migrations, one set per provider: a model change without its
/// migrations (scripts/add-migration.sh) fails here, before an installed dashboard would fail to start.
/// </summary>
public sealed class MigrationTests
{
    [Fact]
    public void Sqlite_ModelMatchesItsMigrations()
    {
        using var db = new SqliteDashboardDbContext(new DbContextOptionsBuilder<SqliteDashboardDbContext>().UseSqlite("Data Source=:memory:").Options);

        Assert.False(db.Database.HasPendingModelChanges());
        Assert.Contains(db.Database.GetMigrations(), m => m.EndsWith("_Initial", StringComparison.Ordinal));
    }

    [Fact]
    public void Postgres_ModelMatchesItsMigrations()
    {
        using var db = new PostgresDashboardDbContext(new DbContextOptionsBuilder<PostgresDashboardDbContext>().UseNpgsql("Host=localhost").Options);

        Assert.False(db.Database.HasPendingModelChanges());
        Assert.Contains(db.Database.GetMigrations(), m => m.EndsWith("_Initial", StringComparison.Ordinal));
    }
}
