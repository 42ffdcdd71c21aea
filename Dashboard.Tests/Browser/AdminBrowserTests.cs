using Dashboard.Tests.Support;
using Dashboard.Web.Security;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Browser;

/// <summary>An admin at work in the browser: makes an account the new person signs in with, makes and revokes an API key.</summary>
public sealed class AdminBrowserTests() : BrowserTest(new DashboardFactory())
{
    private static readonly BrowserNewPageOptions Desk = new() { ViewportSize = new() { Width = 1600, Height = 900 } };

    private static ILocator Field(IPage page, string testId) => page.Locator($"input[data-testid={testId}], [data-testid={testId}] input");

    [Fact]
    public async Task Users_AdminCreatesASupervisor_TheySignInWithTheGeneratedPasswordAndSeeTheFloor()
    {
        var admin = await NewSignedInPageAsync(Desk, Roles.Admin);
        // The bar offers the page; going there directly, since a click racing the start page's startup can be lost.
        await Expect(admin.GetByTestId("nav-users")).ToBeVisibleAsync();
        await OpenAsync(admin, "/admin/users");
        await Expect(admin.GetByTestId("users-table")).ToBeVisibleAsync();
        var userName = Events.Unique("sup");

        await Field(admin, "user-name").FillAsync(userName);
        await Field(admin, "user-display-name").FillAsync("Wang Fang");
        await Field(admin, "user-team").FillAsync("North");
        await Field(admin, "user-role-supervisor").ClickAsync();
        await admin.GetByTestId("user-create").ClickAsync();
        var password = await admin.GetByTestId("users-password-value").TextContentAsync();
        var row = admin.Locator($"[data-testid=user-row][data-user='{userName}']");
        await Expect(row.GetByTestId("user-roles")).ToHaveTextAsync("Supervisor");
        // Among many accounts, the admin finds theirs by a word of it.
        await Field(admin, "users-search").FillAsync("wang fang");
        await Expect(admin.GetByTestId("user-row")).ToHaveCountAsync(1);
        await Expect(row).ToBeVisibleAsync();
        await Field(admin, "users-search").FillAsync("");
        await admin.ScreenshotAsync(new() { Path = TestOutput.PathOf("admin-users.png"), FullPage = true });

        await using var theirs = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1600, Height = 900 } });
        var person = await theirs.NewPageAsync();
        await person.GotoAsync(new Uri(Factory.ServerAddress, "/account/login").ToString());
        await person.GetByTestId("signin-user").FillAsync(userName);
        await person.GetByTestId("signin-password").FillAsync(password!);
        await person.GetByTestId("signin-submit").ClickAsync();

        await Expect(person.GetByTestId("signed-in-as")).ToHaveTextAsync("Wang Fang");
        await Expect(person.GetByTestId("nav-floor")).ToBeVisibleAsync();
        await Expect(person.GetByTestId("nav-users")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task ApiKeys_AdminCreatesAKey_ItReadsTheApi_RevokedItGets401()
    {
        var admin = await NewSignedInPageAsync(Desk, Roles.Admin);
        // The bar offers the page; going there directly, since a click racing the start page's startup can be lost.
        await Expect(admin.GetByTestId("nav-api-keys")).ToBeVisibleAsync();
        await OpenAsync(admin, "/admin/api-keys");
        await Expect(admin.GetByTestId("api-keys-table")).ToBeVisibleAsync();

        await Field(admin, "api-key-name").FillAsync("Other dashboard");
        await Field(admin, "api-key-scope-read").ClickAsync();
        await admin.GetByTestId("api-key-create").ClickAsync();
        var key = await admin.GetByTestId("api-key-value").TextContentAsync();
        await admin.ScreenshotAsync(new() { Path = TestOutput.PathOf("admin-api-keys.png"), FullPage = true });

        // The machine: a context of its own, no cookie, only the key.
        await using var machine = await Browser.NewContextAsync(new() { ExtraHTTPHeaders = new Dictionary<string, string> { ["X-Api-Key"] = key! } });
        var queues = new Uri(Factory.ServerAddress, "/api/queues").ToString();
        var before = await machine.APIRequest.GetAsync(queues);
        await admin.GetByTestId("api-key-revoke").ClickAsync();
        await Expect(admin.GetByTestId("api-key-revoked")).ToBeVisibleAsync();
        var after = await machine.APIRequest.GetAsync(queues);

        Assert.Equal(200, before.Status);
        Assert.Equal(401, after.Status);
    }
}
