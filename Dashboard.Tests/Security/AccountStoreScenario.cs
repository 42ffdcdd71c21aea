using System.Net;
using System.Text.RegularExpressions;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.Security;

/// <summary>
/// What an account store must keep across a restart, run against each store (SQLite, PostgreSQL): the first
/// admin from configuration, a signed-in session (the cookie's signing keys live with the accounts), and demo
/// accounts only while the demo is on.
/// </summary>
public static partial class AccountStoreScenario
{
    private const string AdminPassword = "Admin-password-42";

    public static async Task RunAsync(Func<DashboardFactory, DashboardFactory> store)
    {
        string demoPassword;
        string adminCookie;
        await using (var first = store(new DashboardFactory()).With("Accounts:DemoAccounts", "true").With("Accounts:Admin:Password", AdminPassword))
        {
            var client = first.CreateAnonymousClient();
            var page = await client.GetStringAsync("/account/login");
            demoPassword = DemoPassword().Match(page).Groups[1].Value;
            var demoAgent = await DashboardFactory.SignInAsync(client, "demo-agent", demoPassword);
            var ownDesk = await client.GetAsync("/me");
            var adminSignIn = await DashboardFactory.SignInAsync(first.CreateAnonymousClient(), "admin", AdminPassword);
            adminCookie = adminSignIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("dashboard.auth=", StringComparison.Ordinal)).Split(';')[0];

            Assert.Contains("exist only while the simulator demo runs", page);
            Assert.Equal("/", demoAgent.Headers.Location?.ToString());
            Assert.Equal("/agents/a01", ownDesk.Headers.Location?.AbsolutePath); // linked to the first configured agent
        }

        await using var second = store(new DashboardFactory()).With("Accounts:DemoAccounts", "false");
        var anonymous = second.CreateAnonymousClient();
        var loginPage = await anonymous.GetStringAsync("/account/login");
        var demoAgainst = await DashboardFactory.SignInAsync(anonymous, "demo-agent", demoPassword);
        var stillSignedIn = second.CreateAnonymousClient();
        stillSignedIn.DefaultRequestHeaders.Add("Cookie", adminCookie);
        var metrics = await stillSignedIn.GetAsync("/metrics");

        Assert.DoesNotContain("demo-accounts", loginPage);
        Assert.StartsWith("/account/login?error=invalid", demoAgainst.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
    }

    [GeneratedRegex("data-testid=\"demo-password\">([^<]+)<")]
    private static partial Regex DemoPassword();
}
