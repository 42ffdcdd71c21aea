using System.Net;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.Localization;

/// <summary>How the real host picks a page's language (the culture cookie, else the browser's Accept-Language,
/// else English) and the anonymous switch that sets the cookie.</summary>
public sealed class LanguageRequestTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private async Task<string> SignInPageAsync(string? acceptLanguage, string? cookie = null)
    {
        using var client = factory.CreateAnonymousClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/account/login");
        if (acceptLanguage is not null)
            request.Headers.Add("Accept-Language", acceptLanguage);
        if (cookie is not null)
            request.Headers.Add("Cookie", cookie);
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    [Theory]
    [InlineData("zh-CN,zh;q=0.9,en;q=0.8")]
    [InlineData("zh")]
    [InlineData("zh-TW")]
    [InlineData("fr-FR,zh-Hans;q=0.5")]
    public async Task SignIn_ChineseBrowser_PageInChinese(string acceptLanguage)
    {
        var page = await SignInPageAsync(acceptLanguage);

        Assert.Contains("<html lang=\"zh-CN\">", page);
        Assert.Contains("请使用您的账号登录。", page);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("en-GB,en;q=0.9")]
    [InlineData("fr-FR")]
    [InlineData("en-US,zh-CN;q=0.5")]
    public async Task SignIn_OtherBrowser_PageInEnglish(string? acceptLanguage)
    {
        var page = await SignInPageAsync(acceptLanguage);

        Assert.Contains("<html lang=\"en\">", page);
        Assert.Contains("Sign in with your account.", page);
    }

    [Fact]
    public async Task SignIn_CookieSaysEnglish_WinsOverAChineseBrowser()
    {
        var page = await SignInPageAsync("zh-CN", ".AspNetCore.Culture=c%3Den%7Cuic%3Den");

        Assert.Contains("Sign in with your account.", page);
    }

    [Fact]
    public async Task Page_LanguageFromTheBrowser_KeptAsASessionCookieForTheCircuit()
    {
        using var client = factory.CreateAnonymousClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/account/login");
        request.Headers.Add("Accept-Language", "zh-CN");
        request.Headers.Add("Accept", "text/html");

        using var response = await client.SendAsync(request);

        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Culture=", StringComparison.Ordinal));
        Assert.StartsWith(".AspNetCore.Culture=c%3Dzh-CN%7Cuic%3Dzh-CN;", cookie);
        Assert.DoesNotContain("expires=", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Page_NoBrowserLanguage_NoCookie()
    {
        using var client = factory.CreateAnonymousClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/account/login");
        request.Headers.Add("Accept", "text/html");

        using var response = await client.SendAsync(request);

        Assert.DoesNotContain(response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [],
            c => c.StartsWith(".AspNetCore.Culture=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Switch_Anonymous_SetsTheCultureCookieAndGoesBack()
    {
        using var client = factory.CreateAnonymousClient();

        using var response = await client.GetAsync("/culture/set?culture=zh-CN&returnUrl=%2Faccount%2Flogin%3FreturnUrl%3D%252Ffloor");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login?returnUrl=%2Ffloor", response.Headers.Location?.OriginalString);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith(".AspNetCore.Culture=c%3Dzh-CN%7Cuic%3Dzh-CN;", cookie);
        Assert.Contains("expires=", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("//evil.example/")]
    [InlineData("https://evil.example/")]
    [InlineData("/\\evil.example")]
    public async Task Switch_ReturnUrlNotLocal_GoesToTheStartPage(string returnUrl)
    {
        using var client = factory.CreateAnonymousClient();

        using var response = await client.GetAsync("/culture/set?culture=en&returnUrl=" + Uri.EscapeDataString(returnUrl));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Switch_UnknownCulture_SetsNoCookie()
    {
        using var client = factory.CreateAnonymousClient();

        using var response = await client.GetAsync("/culture/set?culture=de-DE&returnUrl=%2F");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }
}
