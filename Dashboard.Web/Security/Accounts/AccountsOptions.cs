namespace Dashboard.Web.Security.Accounts;

/// <summary>Section <c>Accounts</c>: where users live, the first admin, and the demo accounts.</summary>
public sealed class AccountsOptions
{
    public const string Section = "Accounts";

    /// <summary><c>sqlite</c> (embedded, a file created on first run) or <c>postgres</c>.</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>Defaults to a SQLite file under the user's local data folder.</summary>
    public string? ConnectionString { get; set; }

    public FirstAdmin Admin { get; set; } = new();

    /// <summary>
    /// How often an open page checks its session against the account (security stamp), and how often a cookie's
    /// claims are rebuilt from it. Requests are checked every time (<see cref="SessionRules"/>): signing out or an
    /// admin's change of roles, a lock, a reset password or a deletion refuses the next request, and open pages
    /// within this time.
    /// </summary>
    public TimeSpan SessionRecheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a session lasts unused: each use within this time slides the cookie on.</summary>
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromHours(12);

    /// <summary>
    /// The longest a session lasts however it is used, counted from sign-in: a shift and its margin, after which the
    /// person signs in again (a forgotten browser on a shared desk is not signed in the next day).
    /// </summary>
    public TimeSpan SessionAbsoluteLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>
    /// Wrong passwords for one account from one client address before that address is refused for that account
    /// (<see cref="SignInThrottle"/>); failures never lock the account itself.
    /// </summary>
    public int SignInFailuresPerAddress { get; set; } = 5;

    /// <summary>How long such an address waits; failures further apart than this are not added up.</summary>
    public TimeSpan SignInLockout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Demo accounts for each role; default: on while the simulator demo is on.</summary>
    public bool? DemoAccounts { get; set; }

    public sealed class FirstAdmin
    {
        public string UserName { get; set; } = "admin";

        /// <summary>Set it in the environment (<c>Accounts__Admin__Password</c>); without it no admin is created.</summary>
        public string? Password { get; set; }
    }

    /// <param name="dataDirectory">The host's <see cref="Hosting.DataDirectory"/>, where the default database lives.</param>
    public string SqliteConnectionString(string dataDirectory) =>
        ConnectionString ?? "Data Source=" + Path.Combine(dataDirectory, "accounts.db");
}
