using System.Security.Claims;
using Dashboard.Tests.Security.Admin;

namespace Dashboard.Tests.Audit;

/// <summary>The audit log narrowed to one person or one kind of change, on the host's own store (SQLite).</summary>
public sealed class AuditLogFilterTests(AdminHost host) : IClassFixture<AdminHost>
{
    private static ClaimsPrincipal As(string name) => new(new ClaimsIdentity([new Claim(ClaimTypes.Name, name)], "test"));

    [Fact]
    public async Task Read_ByActorOrAction_OnlyThoseEntries_NewestFirst_AndTheFacetsNameEveryoneAndEveryKind()
    {
        var audit = host.Audit;
        await audit.WriteAsync(As("li.na"), "agent.queues", "a01", "before", "after");
        await audit.WriteAsync(As("wang.fang"), "settings.alerts", "center", "before", "after");
        await audit.WriteAsync(As("li.na"), "settings.alerts", "center", "before", "after 2");
        await audit.WriteAsync(As("li.na"), "display-link.create", "TV north", null, "link");

        var byLiNa = await audit.ReadAsync(actor: "li.na");
        var alerts = await audit.ReadAsync(action: "settings.alerts");
        var both = await audit.ReadAsync(actor: "li.na", action: "settings.alerts");
        var (actors, actions) = await audit.FacetsAsync();

        Assert.Equal(["display-link.create", "settings.alerts", "agent.queues"], byLiNa.Select(e => e.Action));
        Assert.Equal(["li.na", "wang.fang"], alerts.Select(e => e.Actor));
        Assert.Equal("after 2", Assert.Single(both).After!.Trim('"'));
        Assert.Equal(["li.na", "wang.fang"], actors);
        Assert.Equal(["agent.queues", "display-link.create", "settings.alerts"], actions);
    }
}
