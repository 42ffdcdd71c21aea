using System.Net;
using Dashboard.Tests.Support;
using Dashboard.Web.Security;

namespace Dashboard.Tests.Security;

/// <summary>
/// Wrong passwords count against the account and the address they come from, not the account alone
/// (docs/permissions.md, Sessions): over real sockets from different loopback addresses, which the host sees as
/// different clients exactly as it would see two offices.
/// </summary>
public sealed class SignInAddressTests : IAsyncLifetime
{
    private static readonly IPAddress Attacker = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress Office = IPAddress.Parse("127.0.0.3");

    private readonly DashboardFactory _factory = new DashboardFactory().WithKestrel();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task WrongPasswordsFromOneAddress_TheRightOneFromAnotherStillSignsIn_TheFirstStaysRefused()
    {
        var admin = await _factory.CreateUserAsync([Roles.Admin]);
        using var attacker = _factory.CreateClientFrom(Attacker);
        using var office = _factory.CreateClientFrom(Office);

        var wrong = new List<string>();
        for (var i = 0; i < 5; i++)
            wrong.Add((await DashboardFactory.SignInAsync(attacker, admin, "wrong-" + i)).Headers.Location!.ToString());
        var fromAttacker = await DashboardFactory.SignInAsync(attacker, admin, DashboardFactory.Password);
        var fromOffice = await DashboardFactory.SignInAsync(office, admin, DashboardFactory.Password);
        var officeApi = await office.GetAsync("/api/queues");
        var attackerApi = await attacker.GetAsync("/api/queues");
        var attackerAgain = await DashboardFactory.SignInAsync(attacker, admin, DashboardFactory.Password);

        Assert.Equal("/", fromOffice.Headers.Location?.ToString());
        Assert.Equal(HttpStatusCode.OK, officeApi.StatusCode);
        Assert.All(wrong.Take(4), location => Assert.StartsWith("/account/login?error=invalid", location));
        Assert.StartsWith("/account/login?error=throttled", fromAttacker.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, attackerApi.StatusCode);
        Assert.StartsWith("/account/login?error=throttled", attackerAgain.Headers.Location!.ToString());
    }

    [Fact]
    public async Task WrongPasswordsForAnUnknownName_RefusedFromThatAddressAsForARealAccount()
    {
        // Otherwise the lockout itself would tell which names exist.
        var real = await _factory.CreateUserAsync([Roles.Agent]);
        var nobody = Events.Unique("nobody");
        using var attacker = _factory.CreateClientFrom(Attacker);

        for (var i = 0; i < 5; i++)
        {
            await DashboardFactory.SignInAsync(attacker, real, "wrong-" + i);
            await DashboardFactory.SignInAsync(attacker, nobody, "wrong-" + i);
        }
        var toReal = await DashboardFactory.SignInAsync(attacker, real, "wrong-again");
        var toNobody = await DashboardFactory.SignInAsync(attacker, nobody, "wrong-again");

        Assert.StartsWith("/account/login?error=throttled", toReal.Headers.Location!.ToString());
        Assert.StartsWith("/account/login?error=throttled", toNobody.Headers.Location!.ToString());
    }
}
