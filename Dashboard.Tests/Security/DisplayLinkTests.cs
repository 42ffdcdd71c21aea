using System.Net;
using Dashboard.Tests.Support;
using Dashboard.Web.Security;
using Dashboard.Web.Security.Displays;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Security;

/// <summary>The display role's rows of docs/permissions.md over HTTP: the wall-board, nothing else; forged and revoked links refused.</summary>
public sealed class DisplayLinkTests : IAsyncLifetime
{
    private readonly DashboardFactory _factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    private async Task<(HttpClient Tv, DisplayLink Link, string Path)> OpenNewLinkAsync(params string[] queues)
    {
        var links = _factory.Services.GetRequiredService<DisplayLinks>();
        var link = await links.CreateAsync("Lobby", queues, "tests");
        var path = links.PathOf(link);
        var tv = _factory.CreateAnonymousClient();
        var open = await tv.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, open.StatusCode);
        Assert.Equal("/wallboard", open.Headers.Location?.ToString());
        return (tv, link, path);
    }

    [Fact]
    public async Task Display_OpensTheWallboardAndNothingElse()
    {
        var (tv, _, _) = await OpenNewLinkAsync();

        var wallboard = await tv.GetAsync("/wallboard");
        var floor = await tv.GetAsync("/floor");
        var reports = await tv.GetAsync("/reports");
        var start = await tv.GetAsync("/");
        var api = await tv.GetAsync("/api/queues");
        var displays = await tv.GetAsync("/displays");

        Assert.Equal(HttpStatusCode.OK, wallboard.StatusCode);
        Assert.Equal("/account/denied", floor.Headers.Location?.AbsolutePath);
        Assert.Equal("/account/denied", reports.Headers.Location?.AbsolutePath);
        Assert.Equal("/account/denied", displays.Headers.Location?.AbsolutePath);
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        Assert.Equal("/account/denied", start.Headers.Location?.AbsolutePath); // the start page is for people
    }

    [Fact]
    public async Task Revoked_NextRequestRefused_LinkNoLongerOpens()
    {
        var (tv, link, path) = await OpenNewLinkAsync();
        var links = _factory.Services.GetRequiredService<DisplayLinks>();

        await links.RevokeAsync(link.Id, "tests");
        var wallboard = await tv.GetAsync("/wallboard");
        var again = await _factory.CreateAnonymousClient().GetAsync(path);

        Assert.Equal("/account/login", wallboard.Headers.Location?.AbsolutePath);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("CfDJ8AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task ForgedToken_404(string token)
    {
        var response = await _factory.CreateAnonymousClient().GetAsync("/display/" + token);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task TamperedToken_404()
    {
        var links = _factory.Services.GetRequiredService<DisplayLinks>();
        var path = links.PathOf(await links.CreateAsync("Hall", [], "tests"));
        var last = path[^1];
        var tampered = path[..^1] + (last == 'A' ? 'B' : 'A');

        var response = await _factory.CreateAnonymousClient().GetAsync(tampered);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData(Roles.Manager, HttpStatusCode.OK)]
    [InlineData(Roles.Admin, HttpStatusCode.OK)]
    [InlineData(Roles.Supervisor, HttpStatusCode.Redirect)]
    [InlineData(Roles.Analyst, HttpStatusCode.Redirect)]
    [InlineData(Roles.Agent, HttpStatusCode.Redirect)]
    public async Task DisplaysPage_ManagersAndAdminsOnly(string role, HttpStatusCode expected)
    {
        var client = await _factory.SignedInClientAsync([role], role == Roles.Agent ? "dl-a1" : null);

        var response = await client.GetAsync("/displays");

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Redirect)
            Assert.Equal("/account/denied", response.Headers.Location?.AbsolutePath);
    }
}
