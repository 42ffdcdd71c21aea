using Dashboard.Web.Store;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Web.Settings;

/// <summary>
/// EnsureCreated makes every table of a new database but none in one that exists; a dashboard database made before
/// managers could edit settings lacks this one. Until the project has migrations, it is added here, at start,
/// before the silo asks for the settings.
/// </summary>
public static class KeptSettingsTable
{
    public static async Task EnsureAsync(DashboardDbContext db, CancellationToken cancellationToken)
    {
        var sql = db.Database.IsNpgsql()
            ? """CREATE TABLE IF NOT EXISTS "CenterSettings" ("Key" character varying(300) NOT NULL CONSTRAINT "PK_CenterSettings" PRIMARY KEY, "Json" text NOT NULL, "ChangedAt" timestamp with time zone NOT NULL)"""
            : """CREATE TABLE IF NOT EXISTS "CenterSettings" ("Key" TEXT NOT NULL CONSTRAINT "PK_CenterSettings" PRIMARY KEY, "Json" TEXT NOT NULL, "ChangedAt" TEXT NOT NULL)""";
        await db.Database.ExecuteSqlRawAsync(sql, cancellationToken);
    }
}
