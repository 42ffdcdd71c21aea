using System.Net;
using Dashboard.Tests.Support;
using Dashboard.Web.Security;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Dashboard.Tests.Security;

/// <summary>What travels with each request (security issue, item 5): cookies only over HTTPS outside Development.</summary>
public sealed class TransportTests
{
    [Fact]
    public async Task SignInCookies_ProductionHost_SecureAndStillLax()
    {
        await using var factory = new DashboardFactory().WithEnvironment("Production").With("Network:SecureCookies", null);
        var user = await factory.CreateUserAsync([Roles.Manager]);
        using var browser = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });
        browser.DefaultRequestHeaders.Remove("X-Api-Key");

        var page = await browser.GetAsync("/account/login");
        var signIn = await DashboardFactory.SignInAsync(browser, user, DashboardFactory.Password);

        Assert.Equal("/", signIn.Headers.Location?.ToString());
        var person = Attributes(Assert.Single(SetCookies(signIn), c => c.StartsWith(SecurityExtensions.PersonCookie + "=", StringComparison.Ordinal)));
        var antiforgery = Attributes(Assert.Single(SetCookies(page), c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal)));
        Assert.Contains("secure", person);
        Assert.Contains("samesite=lax", person);
        Assert.Contains("httponly", person);
        Assert.Contains("secure", antiforgery);
    }

    [Fact]
    public async Task SignInCookie_DevelopmentHost_NotSecure_SoPlainHttpOnThisMachineWorks()
    {
        await using var factory = new DashboardFactory().WithEnvironment("Development").With("Network:SecureCookies", null);
        var user = await factory.CreateUserAsync([Roles.Manager]);
        var browser = factory.CreateAnonymousClient();

        var signIn = await DashboardFactory.SignInAsync(browser, user, DashboardFactory.Password);
        var api = await browser.GetAsync("/api/queues");

        Assert.DoesNotContain("secure", Attributes(Assert.Single(SetCookies(signIn), c => c.StartsWith(SecurityExtensions.PersonCookie + "=", StringComparison.Ordinal))));
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
    }

    internal static IEnumerable<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [];

    /// <summary>A Set-Cookie's attributes, lower case: <c>secure</c>, <c>samesite=lax</c>, <c>path=/</c> …</summary>
    internal static string[] Attributes(string setCookie) =>
        [.. setCookie.Split(';').Skip(1).Select(a => a.Trim().ToLowerInvariant())];
}
