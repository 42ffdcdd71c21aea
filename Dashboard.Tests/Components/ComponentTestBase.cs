using System.Globalization;
using System.Security.Claims;
using Bunit;
using Dashboard.Grains.Alerts;
using Dashboard.Web.Live;
using Dashboard.Web.Management;
using Dashboard.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Dashboard.Web.Localization;
using MudBlazor;
using MudBlazor.Services;

namespace Dashboard.Tests.Components;

/// <summary>bUnit context with what the dashboard's components need: MudBlazor services with loose JS interop
/// (as MudBlazor's own tests do), a fake clock, default alert thresholds, the center (UTC) and a fake live feed.</summary>
/// <remarks>MudBlazor's services are async-disposable only, so the context is disposed through xunit's
/// <see cref="IAsyncLifetime"/> (xunit 2 calls only <see cref="IDisposable.Dispose"/> otherwise).</remarks>
public abstract class ComponentTestBase : BunitContext, IAsyncLifetime
{
    public static readonly DateTimeOffset Start = new(2025, 3, 10, 9, 0, 0, TimeSpan.Zero);

    /// <summary>The host's replay at start: incomplete until a test finishes it (pages render the same either way
    /// but for <see cref="Dashboard.Web.Components.Shared.CatchUpNotice"/>).</summary>
    protected Dashboard.Web.Durability.CatchUp CatchUp { get; } = new();

    static ComponentTestBase()
    {
        // Renders caused by the clock or the feed arrive through the dispatcher; give a loaded 2-core machine time.
        DefaultWaitTimeout = TimeSpan.FromSeconds(5);
    }

    protected ComponentTestBase()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Time = new FakeTimeProvider(Start);
        Feed = new FakeLiveFeed(Time);
        Services.AddMudServices();
        // The UI's texts from its resources, in English unless a test sets another culture (UseCulture).
        Services.AddLocalization();
        Services.AddTransient<MudLocalizer, DashboardMudLocalizer>();
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(Languages.English);
        Services.AddSingleton<TimeProvider>(Time);
        Services.AddSingleton(Options.Create(Alerts));
        Services.AddSingleton(Options.Create(new CenterOptions
        {
            ReasonCodes = [new ReasonCode { Code = "lunch", Label = "Lunch" }, new ReasonCode { Code = "break", Label = "Break" }],
        }));
        Services.AddSingleton(new CenterClock(Time, TimeZoneInfo.Utc, new TimeOnly(0, 0)));
        Services.AddSingleton<CenterDirectory>();
        Services.AddSingleton<ILiveFeed>(Feed);
        Services.AddSingleton(CatchUp);
        Services.AddSingleton<IAgentDesks>(Desks);
        Services.AddSingleton<IAlertAcknowledgements>(Acknowledgements);
        Services.AddSingleton<IAgentDeskReader>(DeskItems);
        Services.AddSingleton<ICallbackDesk>(Callbacks);
        Services.AddSingleton<Dashboard.Web.Complaints.IComplaintDesk>(Complaints);
        // The real policies, so what a role is shown is decided as in the host; anonymous until SignInAs.
        Services.AddAuthorizationCore(Policies.Add);
        Services.AddSingleton<IAuthorizationService, DefaultAuthorizationService>(); // over bUnit's placeholder
        Services.AddCascadingAuthenticationState();
        Services.AddSingleton<AuthenticationStateProvider>(new FixedAuthentication(new ClaimsPrincipal(new ClaimsIdentity())));
    }

    /// <summary>Renders from now on as a signed-in user with these roles.</summary>
    protected void SignInAs(params string[] roles) => SignInAs(roles, agentId: null);

    /// <summary>As <see cref="SignInAs(string[])"/>, linked to an agent id (an Agent account) and a team.</summary>
    protected void SignInAs(string[] roles, string? agentId, string? team = null)
    {
        var claims = roles.Select(r => new Claim(ClaimTypes.Role, r)).Append(new Claim(ClaimTypes.Name, "tester"));
        if (agentId is not null)
            claims = claims.Append(new Claim(DashboardClaims.AgentId, agentId));
        if (team is not null)
            claims = claims.Append(new Claim(DashboardClaims.Team, team));
        Services.AddSingleton<AuthenticationStateProvider>(new FixedAuthentication(new ClaimsPrincipal(new ClaimsIdentity(claims, "test"))));
    }

    private sealed class FixedAuthentication(ClaimsPrincipal user) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(user));
    }

    protected FakeTimeProvider Time { get; }

    protected FakeLiveFeed Feed { get; }

    /// <summary>Records the desk commands the components send, and says they were done.</summary>
    protected RecordingDesks Desks { get; } = new();

    /// <summary>What agents' desks hold (empty unless a test puts items in).</summary>
    protected FixedDeskItems DeskItems { get; } = new();

    protected sealed class FixedDeskItems : IAgentDeskReader
    {
        public Dictionary<string, AgentDesk> Desks { get; } = [];

        public Task<AgentDesk> ReadAsync(string agentId) =>
            Task.FromResult(Desks.GetValueOrDefault(agentId) ?? new AgentDesk(agentId, [], []));
    }

    /// <summary>The complaint desk's overdue reading the wall-board and the agent's page show (none unless a test sets it).</summary>
    protected FixedComplaintDesk Complaints { get; } = new();

    protected sealed class FixedComplaintDesk : Dashboard.Web.Complaints.IComplaintDesk
    {
        public Dashboard.Web.Complaints.OverdueComplaints Overdue { get; set; } = Dashboard.Web.Complaints.OverdueComplaints.None;

        public DateTimeOffset Now => Start;

        public Task<Dashboard.Web.Complaints.OverdueComplaints> OverdueAsync() => Task.FromResult(Overdue);

        public Task<Dashboard.Web.Complaints.ComplaintDuePolicy> PolicyAsync() => throw new NotSupportedException("not used by these components");

        public Task<IReadOnlyList<(Dashboard.Grains.Complaints.ComplaintCase Case, Dashboard.Web.Complaints.ComplaintDueState Due)>> ListAsync() =>
            throw new NotSupportedException("not used by these components");

        public Task<(Dashboard.Grains.Complaints.ComplaintCase Case, Dashboard.Web.Complaints.ComplaintDueState Due)?> GetAsync(string complaintId) =>
            throw new NotSupportedException("not used by these components");

        public Task<Dashboard.Web.Complaints.ComplaintDesk.Outcome> RunAsync(
            string complaintId, Dashboard.Web.Complaints.ComplaintCommand command, ClaimsPrincipal by, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("not used by these components");
    }

    /// <summary>Records the callbacks marked done from the components.</summary>
    protected RecordingCallbacks Callbacks { get; } = new();

    protected sealed class RecordingCallbacks : ICallbackDesk
    {
        public List<(string AgentId, string CallbackId, CallbackOutcome Outcome)> Completed { get; } = [];

        public Task<CallbackDesk.Outcome> CompleteAsync(
            string agentId, string callbackId, CallbackOutcome outcome, ClaimsPrincipal by, CancellationToken cancellationToken = default)
        {
            Completed.Add((agentId, callbackId, outcome));
            return Task.FromResult<CallbackDesk.Outcome>(new CallbackDesk.Completed(agentId, callbackId, outcome));
        }
    }

    /// <summary>Records the alerts acknowledged from the components.</summary>
    protected RecordingAcknowledgements Acknowledgements { get; } = new();

    protected sealed class RecordingAcknowledgements : IAlertAcknowledgements
    {
        public List<(string AlertId, ClaimsPrincipal By)> Acknowledged { get; } = [];

        public Task<Alert?> AcknowledgeAsync(string alertId, ClaimsPrincipal by)
        {
            Acknowledged.Add((alertId, by));
            return Task.FromResult<Alert?>(null);
        }
    }

    protected sealed class RecordingDesks : IAgentDesks
    {
        public List<(DeskCommand Command, ClaimsPrincipal By)> Commands { get; } = [];

        public Task<AgentDesks.Outcome> RunAsync(DeskCommand command, ClaimsPrincipal by, CancellationToken cancellationToken = default)
        {
            Commands.Add((command, by));
            return Task.FromResult<AgentDesks.Outcome>(new AgentDesks.Carried(command.AgentId, DeskResult.Done));
        }
    }

    /// <summary>The defaults: service level critical margin 0.10; longest wait 60 / 120 s; abandon rate 0.08 / 0.15;
    /// at least 5 contacts for rates.</summary>
    protected AlertLevels Alerts { get; } = new();

    protected DateTimeOffset Now => Time.GetUtcNow();

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();
}

public static class RenderedExtensions
{
    public static AngleSharp.Dom.IElement FindByTestId<T>(this IRenderedComponent<T> cut, string testId)
        where T : Microsoft.AspNetCore.Components.IComponent =>
        cut.Find($"[data-testid='{testId}']");

    public static IReadOnlyList<AngleSharp.Dom.IElement> FindAllByTestId<T>(this IRenderedComponent<T> cut, string testId)
        where T : Microsoft.AspNetCore.Components.IComponent =>
        cut.FindAll($"[data-testid='{testId}']");
}
