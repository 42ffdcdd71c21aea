using System.Security.Claims;
using Dashboard.Tests.Support;
using Dashboard.Web.Audit;
using Dashboard.Web.Security;
using Dashboard.Web.Security.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Security.Admin;

/// <summary>
/// One real host for the admin tests, with sessions checked against their accounts at every request (instead of
/// once a minute), so a test sees a change reach an open session without waiting.
/// </summary>
public sealed class AdminHost : IAsyncLifetime
{
    public DashboardFactory Factory { get; } = new DashboardFactory().With("Accounts:SessionRecheckInterval", "00:00:00");

    public UserAdministration Users => Factory.Services.GetRequiredService<UserAdministration>();

    public AuditLog Audit => Factory.Services.GetRequiredService<AuditLog>();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Factory.DisposeAsync();

    /// <summary>A new admin account and the principal its sign-in would carry: who acts in these tests.</summary>
    public Task<ClaimsPrincipal> NewAdminAsync() => NewAdminAsync(Factory);

    public static async Task<ClaimsPrincipal> NewAdminAsync(DashboardFactory factory) =>
        await PrincipalOfAsync(factory, await factory.CreateUserAsync([Roles.Admin]));

    public static async Task<ClaimsPrincipal> PrincipalOfAsync(DashboardFactory factory, string userName)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();
        var claims = scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<DashboardUser>>();
        return await claims.CreateAsync((await users.FindByNameAsync(userName))!);
    }

    public async Task<string> IdOfAsync(string userName) => (await Users.ListAsync()).Single(u => u.UserName == userName).Id;

    public async Task<UserSummary> SummaryOfAsync(string userName) => (await Users.ListAsync()).Single(u => u.UserName == userName);
}
