using System.Net;
using Dashboard.Tests.Support;
using Dashboard.Web.Security;
using Dashboard.Web.Security.Accounts;

namespace Dashboard.Tests.Security.Admin;

/// <summary>
/// An admin's changes to accounts through the real host: the person signs in (or no longer can) through the real
/// sign-in form, open sessions follow the change, every change is audited without passwords, and an admin cannot
/// shut themselves out.
/// </summary>
public sealed class UserAdministrationTests(AdminHost host) : IClassFixture<AdminHost>
{
    private static NewUser NewUser(string userName, string[] roles, string? password = null, string? agentId = null, string? team = null) =>
        new(userName, "Display " + userName, roles, agentId, team, password);

    private async Task<HttpResponseMessage> SignInAsync(string userName, string password) =>
        await DashboardFactory.SignInAsync(host.Factory.CreateAnonymousClient(), userName, password);

    [Fact]
    public async Task Create_NoPasswordGiven_GeneratedOneSignsInAndIsNeverAudited()
    {
        var admin = await host.NewAdminAsync();
        var userName = Events.Unique("new");

        var result = await host.Users.CreateAsync(admin, NewUser(userName, [Roles.Agent, Roles.Supervisor], agentId: "adm-a1", team: "North"));
        var signIn = await SignInAsync(userName, result.Password!);
        var summary = await host.SummaryOfAsync(userName);
        var entry = Assert.Single(await host.Audit.ReadAsync(subject: userName));

        Assert.True(result.Succeeded, string.Join(" ", result.Errors));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/", signIn.Headers.Location?.ToString());
        Assert.Equal([Roles.Agent, Roles.Supervisor], summary.Roles);
        Assert.Equal(("adm-a1", "North", "Display " + userName, false), (summary.AgentId, summary.Team, summary.DisplayName, summary.LockedOut));
        Assert.Equal("user.create", entry.Action);
        Assert.Equal(AuditLogActor(admin), entry.Actor);
        Assert.Null(entry.Before);
        Assert.Contains("\"roles\":[\"Agent\",\"Supervisor\"]", entry.After);
        Assert.DoesNotContain(result.Password!, entry.After);
        Assert.DoesNotContain("password", entry.After, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Create_PasswordTypedByAdmin_IsTheOneThatWorksAndIsNotShownBack()
    {
        var admin = await host.NewAdminAsync();
        var userName = Events.Unique("typed");

        var result = await host.Users.CreateAsync(admin, NewUser(userName, [Roles.Analyst], password: "Typed-by-admin-7"));
        var signIn = await SignInAsync(userName, "Typed-by-admin-7");

        Assert.True(result.Succeeded, string.Join(" ", result.Errors));
        Assert.Null(result.Password);
        Assert.Equal("/", signIn.Headers.Location?.ToString());
    }

    public static TheoryData<string?, string[], string?, string?, string> BadInput => new()
    {
        // user name, roles, agent id, password → the problem named
        { "", [Roles.Manager], null, null, "User name: required." },
        { new string('x', 65), [Roles.Manager], null, null, "User name: at most 64 characters." },
        { "has space", [Roles.Manager], null, null, "User name: " },
        { "fine-name", [], null, null, "Roles: choose at least one of Agent, Supervisor, Manager, Analyst, Admin." },
        { "fine-name", ["Display"], null, null, "Roles: 'Display' is not one of Agent, Supervisor, Manager, Analyst, Admin." },
        { "fine-name", [Roles.Agent], null, null, "Agent id: required for the Agent role" },
        { "fine-name", [Roles.Manager], null, "short", "Password: " },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task Create_BadInput_ErrorNamesFieldAndRule_NothingCreated(string? userName, string[] roles, string? agentId, string? password, string expected)
    {
        var admin = await host.NewAdminAsync();
        var before = await host.Users.ListAsync();

        var result = await host.Users.CreateAsync(admin, new NewUser(userName, null, roles, agentId, null, password));

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.StartsWith(expected, StringComparison.Ordinal));
        Assert.Equal(before.Count, (await host.Users.ListAsync()).Count);
    }

    [Fact]
    public async Task Create_UserNameTaken_ErrorNamesUserName()
    {
        var admin = await host.NewAdminAsync();
        var taken = await host.Factory.CreateUserAsync([Roles.Manager]);

        var result = await host.Users.CreateAsync(admin, NewUser(taken, [Roles.Analyst]));

        Assert.Contains(result.Errors, e => e.StartsWith("User name: ", StringComparison.Ordinal) && e.Contains(taken));
    }

    [Fact]
    public async Task UpdateRoles_OpenSessionLosesTheOldRights_SignedInAgainHasTheNew()
    {
        var admin = await host.NewAdminAsync();
        var userName = await host.Factory.CreateUserAsync([Roles.Supervisor]);
        var session = host.Factory.CreateAnonymousClient();
        await DashboardFactory.SignInAsync(session, userName, DashboardFactory.Password);
        var floorBefore = await session.GetAsync("/api/queues");

        var result = await host.Users.UpdateAsync(admin, await host.IdOfAsync(userName), new UserChanges("Now an agent", [Roles.Agent], "adm-a2", "South"));
        var floorAfter = await session.GetAsync("/api/queues");
        var again = host.Factory.CreateAnonymousClient();
        await DashboardFactory.SignInAsync(again, userName, DashboardFactory.Password);
        var ownDesk = await again.GetAsync("/me");
        var floorAsAgent = await again.GetAsync("/api/queues");
        var entry = Assert.Single(await host.Audit.ReadAsync(subject: userName));

        Assert.True(result.Succeeded, string.Join(" ", result.Errors));
        Assert.Equal(HttpStatusCode.OK, floorBefore.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, floorAfter.StatusCode);
        Assert.Equal("/agents/adm-a2", ownDesk.Headers.Location?.AbsolutePath); // the new agent link
        Assert.Equal(HttpStatusCode.Forbidden, floorAsAgent.StatusCode);
        Assert.Equal("user.roles", entry.Action);
        Assert.Contains("\"roles\":[\"Supervisor\"]", entry.Before);
        Assert.Contains("\"roles\":[\"Agent\"]", entry.After);
        Assert.Contains("\"agentId\":\"adm-a2\"", entry.After);
    }

    [Fact]
    public async Task Update_OwnAdminRoleRemoved_Refused()
    {
        var admin = await host.NewAdminAsync();
        var self = await host.IdOfAsync(admin.Identity!.Name!);

        var result = await host.Users.UpdateAsync(admin, self, new UserChanges(null, [Roles.Manager], null, null));

        Assert.Equal(["Roles: you cannot remove your own Admin role (another admin can)."], result.Errors);
        Assert.Equal([Roles.Admin], (await host.SummaryOfAsync(admin.Identity!.Name!)).Roles);
    }

    [Fact]
    public async Task Update_OwnOtherFields_Allowed()
    {
        var admin = await host.NewAdminAsync();
        var self = await host.IdOfAsync(admin.Identity!.Name!);

        var result = await host.Users.UpdateAsync(admin, self, new UserChanges("Chief", [Roles.Admin, Roles.Manager], null, null));

        Assert.True(result.Succeeded, string.Join(" ", result.Errors));
        Assert.Equal([Roles.Manager, Roles.Admin], (await host.SummaryOfAsync(admin.Identity!.Name!)).Roles);
    }

    [Fact]
    public async Task Lock_SessionEndsAndSignInRefused_UnlockLetsBackIn()
    {
        var admin = await host.NewAdminAsync();
        var userName = await host.Factory.CreateUserAsync([Roles.Manager]);
        var id = await host.IdOfAsync(userName);
        var session = host.Factory.CreateAnonymousClient();
        await DashboardFactory.SignInAsync(session, userName, DashboardFactory.Password);
        var sessionBefore = await session.GetAsync("/api/queues");

        var locked = await host.Users.LockAsync(admin, id);
        var sessionAfter = await session.GetAsync("/api/queues");
        var signInLocked = await SignInAsync(userName, DashboardFactory.Password);
        var statusLocked = (await host.SummaryOfAsync(userName)).LockedOut;
        var unlocked = await host.Users.UnlockAsync(admin, id);
        var signInUnlocked = await SignInAsync(userName, DashboardFactory.Password);
        var actions = (await host.Audit.ReadAsync(subject: userName)).Select(e => e.Action);

        Assert.True(locked.Succeeded && unlocked.Succeeded);
        Assert.Equal(HttpStatusCode.OK, sessionBefore.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, sessionAfter.StatusCode);
        Assert.True(statusLocked);
        Assert.Contains("error=locked", signInLocked.Headers.Location?.ToString());
        Assert.Equal("/", signInUnlocked.Headers.Location?.ToString());
        Assert.Equal(["user.unlock", "user.lock"], actions);
    }

    [Fact]
    public async Task LockOrDelete_Self_Refused()
    {
        var admin = await host.NewAdminAsync();
        var self = await host.IdOfAsync(admin.Identity!.Name!);

        var locked = await host.Users.LockAsync(admin, self);
        var deleted = await host.Users.DeleteAsync(admin, self);

        Assert.Equal(["You cannot lock your own account (another admin can)."], locked.Errors);
        Assert.Equal(["You cannot delete your own account (another admin can)."], deleted.Errors);
        Assert.False((await host.SummaryOfAsync(admin.Identity!.Name!)).LockedOut);
    }

    [Fact]
    public async Task ResetPassword_OldOneFailsNewOneWorks_SessionEnds_NotAudited()
    {
        var admin = await host.NewAdminAsync();
        var userName = await host.Factory.CreateUserAsync([Roles.Analyst]);
        var session = host.Factory.CreateAnonymousClient();
        await DashboardFactory.SignInAsync(session, userName, DashboardFactory.Password);

        var result = await host.Users.ResetPasswordAsync(admin, await host.IdOfAsync(userName));
        var sessionAfter = await session.GetAsync("/api/queues");
        var old = await SignInAsync(userName, DashboardFactory.Password);
        var fresh = await SignInAsync(userName, result.Password!);
        var entry = Assert.Single(await host.Audit.ReadAsync(subject: userName));

        Assert.Equal(20, result.Password!.Length);
        Assert.Equal(HttpStatusCode.Unauthorized, sessionAfter.StatusCode);
        Assert.Contains("error=invalid", old.Headers.Location?.ToString());
        Assert.Equal("/", fresh.Headers.Location?.ToString());
        Assert.Equal("user.password-reset", entry.Action);
        Assert.Null(entry.Before);
        Assert.Null(entry.After);
    }

    [Fact]
    public async Task Delete_AccountGoneSessionEnds_Audited()
    {
        var admin = await host.NewAdminAsync();
        var userName = await host.Factory.CreateUserAsync([Roles.Supervisor]);
        var session = host.Factory.CreateAnonymousClient();
        await DashboardFactory.SignInAsync(session, userName, DashboardFactory.Password);

        var result = await host.Users.DeleteAsync(admin, await host.IdOfAsync(userName));
        var sessionAfter = await session.GetAsync("/api/queues");
        var again = await host.Users.DeleteAsync(admin, "no-such-id");
        var entry = Assert.Single(await host.Audit.ReadAsync(subject: userName));

        Assert.True(result.Succeeded);
        Assert.DoesNotContain(await host.Users.ListAsync(), u => u.UserName == userName);
        Assert.Equal(HttpStatusCode.Unauthorized, sessionAfter.StatusCode);
        Assert.Equal(["This account no longer exists."], again.Errors);
        Assert.Equal("user.delete", entry.Action);
        Assert.Null(entry.After);
    }

    [Fact]
    public void GeneratePassword_MeetsIdentityRules_DiffersEachTime()
    {
        var passwords = Enumerable.Range(0, 50).Select(_ => UserAdministration.GeneratePassword()).ToList();

        Assert.All(passwords, p => Assert.True(
            p.Length >= 10 && p.Any(char.IsUpper) && p.Any(char.IsLower) && p.Any(char.IsDigit) && p.Any(c => !char.IsLetterOrDigit(c)), p));
        Assert.Equal(50, passwords.Distinct().Count());
    }

    private static string AuditLogActor(System.Security.Claims.ClaimsPrincipal actor) => Dashboard.Web.Audit.AuditLog.ActorOf(actor);
}
