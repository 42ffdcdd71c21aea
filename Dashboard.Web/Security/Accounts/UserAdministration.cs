using System.Security.Claims;
using System.Security.Cryptography;
using Dashboard.Web.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Web.Security.Accounts;

/// <summary>
/// What an admin does to accounts at <c>/admin/users</c>: list, create, edit, reset a password, lock, unlock,
/// delete. Every change renews the account's security stamp, so the person's open sessions follow within the
/// recheck interval (<see cref="AccountsOptions.SessionRecheckInterval"/>), and goes to the audit log without any
/// password. Each operation takes its own scope: a Blazor circuit outlives a request, and a long-lived
/// <see cref="UserManager{TUser}"/> would hand back stale accounts.
/// </summary>
public sealed class UserAdministration(IServiceScopeFactory scopes, AuditLog audit)
{
    public const int MaxUserName = 64;
    public const int MaxDisplayName = 256;
    public const int MaxAgentId = 128;
    public const int MaxTeam = 128;

    public async Task<IReadOnlyList<UserSummary>> ListAsync()
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Store.DashboardDbContext>();
        var users = await db.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync();
        var roleNames = await db.Roles.AsNoTracking().ToDictionaryAsync(r => r.Id, r => r.Name ?? "");
        var links = await db.UserRoles.AsNoTracking().ToListAsync();
        var external = (await db.UserLogins.AsNoTracking().Select(l => l.UserId).ToListAsync()).ToHashSet();
        var now = DateTimeOffset.UtcNow;
        return
        [
            .. users.Select(u => new UserSummary(
                u.Id, u.UserName ?? "", u.DisplayName,
                [.. links.Where(l => l.UserId == u.Id).Select(l => roleNames.GetValueOrDefault(l.RoleId, "")).Order(RoleOrder.Instance)],
                u.AgentId, u.Team, u.LockoutEnd is { } end && end > now, u.IsDemo, external.Contains(u.Id))),
        ];
    }

    /// <summary>Creates an account; with no password given, makes one (returned, to be shown once).</summary>
    public async Task<AdminResult> CreateAsync(ClaimsPrincipal actor, NewUser form)
    {
        var errors = Validate(form.UserName, form.DisplayName, form.Roles, form.AgentId, form.Team).ToList();
        if (!string.IsNullOrEmpty(form.Password) && form.Password.Length > 256)
            errors.Add("Password: at most 256 characters.");
        if (errors.Count > 0)
            return AdminResult.Fail(errors);

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();
        var roles = Normalize(form.Roles);
        var user = new DashboardUser
        {
            UserName = form.UserName!.Trim(), DisplayName = Trimmed(form.DisplayName),
            AgentId = roles.Contains(Roles.Agent) ? Trimmed(form.AgentId) : null, Team = Trimmed(form.Team),
        };
        var password = string.IsNullOrEmpty(form.Password) ? GeneratePassword() : form.Password;
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
            return AdminResult.Fail(Describe(created));
        var added = await users.AddToRolesAsync(user, roles);
        if (!added.Succeeded)
        {
            await users.DeleteAsync(user);
            return AdminResult.Fail(Describe(added));
        }
        await audit.WriteAsync(actor, "user.create", user.UserName, null, AuditView.Of(user, roles, lockedOut: false));
        return AdminResult.Ok(string.IsNullOrEmpty(form.Password) ? password : null);
    }

    /// <summary>Changes display name, roles, agent link and team. An admin cannot take their own Admin role away.</summary>
    public async Task<AdminResult> UpdateAsync(ClaimsPrincipal actor, string userId, UserChanges changes)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();
        if (await users.FindByIdAsync(userId) is not { } user)
            return AdminResult.Fail(["This account no longer exists."]);
        var errors = Validate(user.UserName, changes.DisplayName, changes.Roles, changes.AgentId, changes.Team).ToList();
        var roles = Normalize(changes.Roles);
        if (IsSelf(users, actor, user) && !roles.Contains(Roles.Admin))
            errors.Add("Roles: you cannot remove your own Admin role (another admin can).");
        if (errors.Count > 0)
            return AdminResult.Fail(errors);

        var before = await ViewAsync(users, user);
        user.DisplayName = Trimmed(changes.DisplayName);
        user.AgentId = roles.Contains(Roles.Agent) ? Trimmed(changes.AgentId) : null;
        user.Team = Trimmed(changes.Team);
        var current = await users.GetRolesAsync(user);
        var steps = new Func<Task<IdentityResult>>[]
        {
            () => users.UpdateAsync(user),
            () => users.RemoveFromRolesAsync(user, current.Except(roles)),
            () => users.AddToRolesAsync(user, roles.Except(current)),
            // The person's open sessions are checked against the stamp: new roles or agent link take effect there.
            () => users.UpdateSecurityStampAsync(user),
        };
        foreach (var step in steps)
        {
            if (await step() is { Succeeded: false } failed)
                return AdminResult.Fail(Describe(failed));
        }
        var after = await ViewAsync(users, user);
        await audit.WriteAsync(actor, before.Roles.SequenceEqual(after.Roles) ? "user.update" : "user.roles", user.UserName ?? userId, before, after);
        return AdminResult.Ok();
    }

    /// <summary>Makes a new password (returned, to be shown once) and ends the person's sessions.</summary>
    public async Task<AdminResult> ResetPasswordAsync(ClaimsPrincipal actor, string userId)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();
        if (await users.FindByIdAsync(userId) is not { } user)
            return AdminResult.Fail(["This account no longer exists."]);
        var password = GeneratePassword();
        // Resetting renews the security stamp itself.
        var reset = await users.ResetPasswordAsync(user, await users.GeneratePasswordResetTokenAsync(user), password);
        if (!reset.Succeeded)
            return AdminResult.Fail(Describe(reset));
        await users.ResetAccessFailedCountAsync(user);
        await audit.WriteAsync<object>(actor, "user.password-reset", user.UserName ?? userId, null, null);
        return AdminResult.Ok(password);
    }

    /// <summary>Locks an account until an admin unlocks it, ending its sessions; never one's own.</summary>
    public Task<AdminResult> LockAsync(ClaimsPrincipal actor, string userId) => SetLockAsync(actor, userId, locked: true);

    public Task<AdminResult> UnlockAsync(ClaimsPrincipal actor, string userId) => SetLockAsync(actor, userId, locked: false);

    private async Task<AdminResult> SetLockAsync(ClaimsPrincipal actor, string userId, bool locked)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();
        if (await users.FindByIdAsync(userId) is not { } user)
            return AdminResult.Fail(["This account no longer exists."]);
        if (locked && IsSelf(users, actor, user))
            return AdminResult.Fail(["You cannot lock your own account (another admin can)."]);
        var before = await ViewAsync(users, user);
        var steps = locked
            ? new Func<Task<IdentityResult>>[]
            {
                () => users.SetLockoutEnabledAsync(user, true),
                () => users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue),
                () => users.UpdateSecurityStampAsync(user),
            }
            : [() => users.SetLockoutEndDateAsync(user, null), () => users.ResetAccessFailedCountAsync(user)];
        foreach (var step in steps)
        {
            if (await step() is { Succeeded: false } failed)
                return AdminResult.Fail(Describe(failed));
        }
        await audit.WriteAsync(actor, locked ? "user.lock" : "user.unlock", user.UserName ?? userId, before, await ViewAsync(users, user));
        return AdminResult.Ok();
    }

    /// <summary>Deletes an account (its sessions end at their next check); never one's own.</summary>
    public async Task<AdminResult> DeleteAsync(ClaimsPrincipal actor, string userId)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();
        if (await users.FindByIdAsync(userId) is not { } user)
            return AdminResult.Fail(["This account no longer exists."]);
        if (IsSelf(users, actor, user))
            return AdminResult.Fail(["You cannot delete your own account (another admin can)."]);
        var before = await ViewAsync(users, user);
        var deleted = await users.DeleteAsync(user);
        if (!deleted.Succeeded)
            return AdminResult.Fail(Describe(deleted));
        await audit.WriteAsync(actor, "user.delete", user.UserName ?? userId, before, null);
        return AdminResult.Ok();
    }

    /// <summary>A password that meets Identity's rules (length, upper, lower, digit, symbol): 20 random characters.</summary>
    public static string GeneratePassword()
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789-_.!";
        while (true)
        {
            var password = RandomNumberGenerator.GetString(alphabet, 20);
            if (password.Any(char.IsUpper) && password.Any(char.IsLower) && password.Any(char.IsDigit) && password.Any(c => !char.IsLetterOrDigit(c)))
                return password;
        }
    }

    private static IEnumerable<string> Validate(string? userName, string? displayName, IReadOnlyCollection<string>? roles, string? agentId, string? team)
    {
        if (string.IsNullOrWhiteSpace(userName))
            yield return "User name: required.";
        else if (userName.Trim().Length > MaxUserName)
            yield return $"User name: at most {MaxUserName} characters.";
        if (displayName?.Trim().Length > MaxDisplayName)
            yield return $"Display name: at most {MaxDisplayName} characters.";
        if (roles is null || roles.Count == 0)
            yield return $"Roles: choose at least one of {string.Join(", ", Roles.All)}.";
        foreach (var role in roles?.Where(r => !Roles.All.Contains(r)) ?? [])
            yield return $"Roles: '{role}' is not one of {string.Join(", ", Roles.All)}.";
        if (roles?.Contains(Roles.Agent) == true && string.IsNullOrWhiteSpace(agentId))
            yield return "Agent id: required for the Agent role (the id the telephony events use).";
        if (agentId?.Trim().Length > MaxAgentId)
            yield return $"Agent id: at most {MaxAgentId} characters.";
        if (team?.Trim().Length > MaxTeam)
            yield return $"Team: at most {MaxTeam} characters.";
    }

    private static List<string> Normalize(IReadOnlyCollection<string>? roles) => [.. (roles ?? []).Distinct().Order(RoleOrder.Instance)];

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static bool IsSelf(UserManager<DashboardUser> users, ClaimsPrincipal actor, DashboardUser user) =>
        string.Equals(users.GetUserId(actor), user.Id, StringComparison.Ordinal);

    // Identity's own descriptions, named by the field they are about.
    private static IEnumerable<string> Describe(IdentityResult result) => result.Errors.Select(e =>
        e.Code.StartsWith("Password", StringComparison.Ordinal) ? "Password: " + e.Description
        : e.Code.Contains("UserName", StringComparison.Ordinal) ? "User name: " + e.Description
        : e.Code.Contains("Role", StringComparison.Ordinal) ? "Roles: " + e.Description
        : e.Description);

    private static async Task<AuditView> ViewAsync(UserManager<DashboardUser> users, DashboardUser user) =>
        AuditView.Of(user, [.. (await users.GetRolesAsync(user)).Order(RoleOrder.Instance)], await users.IsLockedOutAsync(user));

    /// <summary>What the audit log keeps of an account: never its password or stamp.</summary>
    private sealed record AuditView(string? UserName, string? DisplayName, IReadOnlyList<string> Roles, string? AgentId, string? Team, bool LockedOut)
    {
        public static AuditView Of(DashboardUser user, IReadOnlyList<string> roles, bool lockedOut) =>
            new(user.UserName, user.DisplayName, roles, user.AgentId, user.Team, lockedOut);
    }

    /// <summary>Roles in the order of <see cref="Roles.All"/>, so lists and audit entries read the same every time.</summary>
    private sealed class RoleOrder : IComparer<string>
    {
        public static readonly RoleOrder Instance = new();

        public int Compare(string? x, string? y) => Rank(x).CompareTo(Rank(y)) is var c && c != 0 ? c : string.CompareOrdinal(x, y);

        private static int Rank(string? role)
        {
            for (var i = 0; i < Roles.All.Count; i++)
            {
                if (Roles.All[i] == role)
                    return i;
            }
            return int.MaxValue;
        }
    }
}

/// <summary>One row of the users page.</summary>
public sealed record UserSummary(
    string Id, string UserName, string? DisplayName, IReadOnlyList<string> Roles, string? AgentId, string? Team,
    bool LockedOut, bool IsDemo, bool External)
{
    /// <summary>Whether every word of <paramref name="search"/> is in the user name, display name, agent id, team or
    /// a role as the reader calls it (<paramref name="roleName"/>), ignoring case.</summary>
    public bool Matches(string? search, Func<string, string> roleName)
    {
        return Localization.TextSearch.EveryWord(search, [UserName, DisplayName, AgentId, Team, .. Roles, .. Roles.Select(roleName)]);
    }
}

/// <summary>The create form: no password means one is generated.</summary>
public sealed record NewUser(string? UserName, string? DisplayName, IReadOnlyCollection<string> Roles, string? AgentId, string? Team, string? Password);

public sealed record UserChanges(string? DisplayName, IReadOnlyCollection<string> Roles, string? AgentId, string? Team);

/// <summary>The outcome of an admin's change: the problems, each naming its field and rule, or a password to show once.</summary>
public sealed record AdminResult(IReadOnlyList<string> Errors, string? Password)
{
    public bool Succeeded => Errors.Count == 0;

    public static AdminResult Ok(string? password = null) => new([], password);

    public static AdminResult Fail(IEnumerable<string> errors) => new([.. errors], null);
}
