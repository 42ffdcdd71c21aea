using System.Net;
using Dashboard.Tests.Support;
using Dashboard.Web.Security;

namespace Dashboard.Tests.Security;

/// <summary>Accounts in a real PostgreSQL server (Accounts:Provider postgres), as production runs them.</summary>
public sealed class PostgresAccountsTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    private DashboardFactory OnPostgres(DashboardFactory factory, string database) =>
        factory.With("Accounts:Provider", "postgres").With("Accounts:ConnectionString", postgres.ConnectionString(database));

    [Fact]
    public async Task Postgres_AccountsAndSignInSurviveARestart_DemoAccountsOnlyWithTheDemo()
    {
        await AccountStoreScenario.RunAsync(f => OnPostgres(f, "restart"));
    }

    [Fact]
    public async Task Postgres_RolesDecideAsWithSqlite()
    {
        await using var factory = OnPostgres(new DashboardFactory(), "roles");
        var agent = await factory.SignedInClientAsync([Roles.Agent], "pg-a1");
        var analyst = await factory.SignedInClientAsync([Roles.Analyst]);

        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/queues")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/agents/pg-a2")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await analyst.GetAsync("/api/queues")).StatusCode);
    }
}
