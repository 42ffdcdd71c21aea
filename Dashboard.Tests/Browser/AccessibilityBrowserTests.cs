using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Dashboard.Tests.Support;
using Dashboard.Web.Security;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Browser;

/// <summary>
/// Every page, as the role that uses it and in both languages, checked by axe-core (Deque's engine, the one
/// browsers' own audits use) over the running demo: no serious or critical violation of WCAG 2.1 A/AA (labels on
/// icon buttons and fields, names of links, contrast, document language, ARIA roles).
/// </summary>
public sealed class AccessibilityBrowserTests() : BrowserTest(new DashboardFactory().With("Simulator:Enabled", "true")
    // History within a minute of the floor rather than ten, so that the reports read (and shown in the docs) hold
    // most of the demo's warm-up half hour.
    .With("Ingestion:ReorderWindow", "00:01:00"))
{
    /// <summary>The pages, what shows that each has drawn its content (so that what is checked is the page a user
    /// reads, not its first empty render), and the name of its screenshot (test-output/page-{locale}-{name}.png,
    /// which scripts/docs-screenshots.sh copies into docs/screenshots).</summary>
    private static readonly (string Path, string Ready, string Shot)[] StaffPages =
    [
        ("/", "[data-testid=home]", "home"),
        ("/wallboard", "[data-testid=queue-tile]", "wallboard"),
        ("/floor", "[data-testid=agent-name]", "floor"),
        ("/agents/a01", "[data-testid=agent-name]", "agent"),
        ("/settings", "[data-testid=settings-tabs]", "settings"),
        ("/displays", "[data-testid=displays]", "displays"),
        ("/audit", "[data-testid=audit]", "audit"),
        ("/complaints", "[data-testid=complaints-table], [data-testid=complaints-empty]", "complaints"),
        ("/callbacks", "[data-testid=callbacks-table], [data-testid=callbacks-empty]", "callbacks"),
        ("/admin/users", "[data-testid=users-table]", "users"),
        ("/admin/api-keys", "[data-testid=api-keys-table]", "api-keys"),
        // Last, so that history has had the most time to take in the demo's warm-up.
        ("/reports?queue=pre-sales", "[data-testid=report-interval]", "reports"),
        // A day before any history: every report's empty state.
        ("/reports?from=2020-01-06&to=2020-01-06", "[data-testid=intervals-empty]", "reports-empty"),
    ];

    private static readonly string[] Serious = ["serious", "critical"];

    private static readonly AxeRunOptions Wcag = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    };

    [Theory]
    [InlineData("en-US")]
    [InlineData("zh-CN")]
    public async Task Every_page_as_its_role_has_no_serious_accessibility_violation(string locale)
    {
        var options = new BrowserNewPageOptions { Locale = locale, ViewportSize = new() { Width = 1920, Height = 1080 } };
        var found = new List<string>();

        var visitor = await Browser.NewPageAsync(options);
        await visitor.GotoAsync(new Uri(Factory.ServerAddress, "/account/login").ToString());
        await CheckAsync(visitor, "[data-testid=signin-form]", found, $"{locale}-signin");

        var staff = await NewSignedInPageAsync(options, Roles.Manager, Roles.Admin);
        foreach (var (path, ready, shot) in StaffPages)
        {
            await staff.GotoAsync(new Uri(Factory.ServerAddress, path).ToString());
            await CheckAsync(staff, ready, found, $"{locale}-{shot}");
        }

        var agent = await NewSignedInPageAsync(options, [Roles.Agent], agentId: "a01");
        await agent.GotoAsync(new Uri(Factory.ServerAddress, "/me").ToString());
        await CheckAsync(agent, "[data-testid=agent-name]", found, $"{locale}-desk");
        await agent.GotoAsync(new Uri(Factory.ServerAddress, "/floor").ToString());
        await CheckAsync(agent, "[data-testid=access-denied]", found, $"{locale}-refusal");

        Assert.True(found.Count == 0, $"{found.Count} serious accessibility violations ({locale}):\n" + string.Join("\n", found));
    }

    private static async Task CheckAsync(IPage page, string ready, List<string> found, string shot)
    {
        await Expect(page.Locator(ready).First).ToBeVisibleAsync();
        // Every query answered (the reconnect pill's spinner is hidden from everyone while connected).
        var loading = page.Locator("[role=progressbar]:visible");
        try
        {
            await Expect(loading).ToHaveCountAsync(0, new() { Timeout = 60_000 });
        }
        catch (PlaywrightException)
        {
            throw new Xunit.Sdk.XunitException($"{page.Url}: still loading after a minute: {await loading.First.EvaluateAsync<string>("e => e.outerHTML")}");
        }
        await page.WaitForTimeoutAsync(1000); // the live figures' first update after the first render, charts drawn
        await page.ScreenshotAsync(new() { Path = TestOutput.PathOf($"page-{shot}.png") });
        var result = await page.RunAxe(Wcag);
        foreach (var violation in result.Violations.Where(v => Serious.Contains(v.Impact)))
        {
            foreach (var node in violation.Nodes.Take(5))
            {
                found.Add($"{new Uri(page.Url).PathAndQuery} · {violation.Id} ({violation.Impact}): {violation.Help} · {node.Target} · {Shorten(node.Html)} · {string.Join("; ", node.Any.Concat(node.All).Select(c => c.Message))}");
            }
        }
    }

    private static string Shorten(string html) => html.Length <= 160 ? html : html[..160] + "…";
}
