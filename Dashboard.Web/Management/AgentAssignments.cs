using Dashboard.Web.Security;
using System.Security.Claims;
using System.Text.Json;
using Dashboard.Grains.Ingestion;
using Dashboard.Web.Audit;
using Dashboard.Web.Hosting;
using Dashboard.Web.Store;
using Dashboard.Web.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Web.Management;

/// <summary>
/// Moves agents between queues: validates the change, keeps it (so it survives a restart), sends it through the
/// event pipeline as an <c>agent.queues</c> event (routing and staffing follow within the floor's publication
/// interval), writes it to the audit log and sends it out as a webhook for an external ACD.
/// </summary>
public sealed class AgentAssignments(
    IGrainFactory grains,
    IEventSink sink,
    IDbContextFactory<DashboardDbContext> databases,
    AuditLog audit,
    WebhookSender webhooks,
    TimeProvider time)
{
    public const string AuditAction = "agent.queues";
    public const string WebhookEvent = "agent.queues.changed";

    private static readonly JsonSerializerOptions Json = JsonDefaults.Create();

    public abstract record Outcome;

    public sealed record Changed(string AgentId, IReadOnlyList<QueueSkill> Queues) : Outcome;

    public sealed record UnknownAgent(string AgentId) : Outcome;

    public sealed record Forbidden : Outcome;

    /// <summary>Managers, and keys with the manage scope (the rule of <see cref="Policies.ManageQueues"/>, checked here
    /// too so every caller — endpoint or dialog — gets it).</summary>
    public static bool May(ClaimsPrincipal user) => user.IsInRole(Roles.Manager) || user.HasClaim(Scopes.ClaimType, Scopes.Manage);

    /// <summary>Field → rule, for a validation problem.</summary>
    public sealed record Invalid(IDictionary<string, string[]> Errors) : Outcome;

    /// <summary>The agent's queues, each at most once, with levels 1–5; the queues must be configured or seen.</summary>
    public async Task<Outcome> SetAsync(string agentId, IReadOnlyList<QueueSkill>? queues, ClaimsPrincipal by, CancellationToken cancellationToken = default)
    {
        if (!May(by))
            return new Forbidden();
        var floor = grains.GetGrain<IFloorGrain>(GrainKeys.Floor);
        if (await floor.GetAgentAsync(agentId) is not { } agent)
            return new UnknownAgent(agentId);
        var known = (await floor.GetStateAsync()).Queues.Select(q => q.QueueId).ToHashSet(StringComparer.Ordinal);
        if (Validate(queues, known) is { Count: > 0 } errors)
            return new Invalid(errors);

        var before = SkillsOf(agent);
        var after = queues!;
        var now = time.GetUtcNow();
        var at = now.AddTicks(-(now.UtcTicks % TimeSpan.TicksPerMicrosecond)); // as every store keeps it (PostgreSQL: µs), so its id is stable
        await SaveAsync(agentId, after, AuditLog.ActorOf(by), at);
        await sink.IngestAsync([EventOf(agentId, after, at, at)], cancellationToken);
        await audit.WriteAsync(by, AuditAction, agentId, before, after);
        webhooks.Enqueue(WebhookEvent, new { agentId, queues = after, before, by = AuditLog.ActorOf(by), at });
        return new Changed(agentId, after);
    }

    /// <summary>
    /// Every kept assignment as the event it was, at the time it was made (or the start of the day, for one made on
    /// an earlier day: it is where the agent stands when today begins). Stamped now, it would outrank — and make
    /// late — every event of that agent between the change and the restart (issue 15). Its id is the one the
    /// change had, so the journal's copy and this one count once.
    /// </summary>
    public async Task<IReadOnlyList<CenterEvent>> KeptAsEventsAsync(DateTimeOffset todayStart)
    {
        await using var db = await databases.CreateDbContextAsync();
        var kept = await db.AgentAssignments.AsNoTracking().ToListAsync();
        return [.. kept.Select(a => EventOf(
            a.AgentId, JsonSerializer.Deserialize<QueueSkill[]>(a.Queues, Json) ?? [], a.ChangedAt < todayStart ? todayStart : a.ChangedAt, a.ChangedAt))];
    }

    public static IReadOnlyList<QueueSkill> SkillsOf(AgentSnapshot agent) =>
        [.. agent.Queues.Select(q => new QueueSkill(q, agent.SkillLevels?.GetValueOrDefault(q, SkillLevels.Default) ?? SkillLevels.Default))];

    private static Dictionary<string, string[]> Validate(IReadOnlyList<QueueSkill>? queues, HashSet<string> known)
    {
        var errors = new Dictionary<string, string[]>();
        if (queues is null)
        {
            errors["queues"] = ["is required (an array, empty to remove the agent from every queue)"];
            return errors;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < queues.Count; i++)
        {
            var (queueId, level) = (queues[i]?.QueueId, queues[i]?.SkillLevel ?? 0);
            if (string.IsNullOrEmpty(queueId) || !known.Contains(queueId))
                errors[$"queues[{i}].queueId"] = ["must be the id of a queue configured or seen in an event"];
            else if (!seen.Add(queueId))
                errors[$"queues[{i}].queueId"] = ["must not repeat a queue"];
            if (!SkillLevels.IsValid(level))
                errors[$"queues[{i}].skillLevel"] = [$"must be an integer from {SkillLevels.Min} to {SkillLevels.Max}"];
        }
        return errors;
    }

    private async Task SaveAsync(string agentId, IReadOnlyList<QueueSkill> queues, string by, DateTimeOffset at)
    {
        await using var db = await databases.CreateDbContextAsync();
        var kept = await db.AgentAssignments.FindAsync(agentId);
        if (kept is null)
            db.AgentAssignments.Add(kept = new AgentAssignment { AgentId = agentId });
        kept.Queues = JsonSerializer.Serialize(queues, Json);
        kept.ChangedBy = by;
        kept.ChangedAt = at;
        await db.SaveChangesAsync();
    }

    /// <param name="changedAt">When the manager made the change: with the agent, it names the change.</param>
    private static CenterEvent EventOf(string agentId, IReadOnlyList<QueueSkill> queues, DateTimeOffset at, DateTimeOffset changedAt) => new()
    {
        Id = $"dashboard-queues-{agentId}-{changedAt.UtcTicks}", Type = EventType.AgentQueues, At = at, AgentId = agentId,
        Queues = [.. queues.Select(q => q.QueueId)],
        SkillLevels = queues.ToImmutableDictionary(q => q.QueueId, q => q.SkillLevel, StringComparer.Ordinal),
    };
}
