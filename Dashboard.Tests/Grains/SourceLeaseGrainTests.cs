using Dashboard.Tests.Support;

namespace Dashboard.Tests.Grains;

/// <summary>Issue 15: one host at a time reads a source every host of a cluster is given; a silent holder is replaced.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SourceLeaseGrainTests(ClusterFixture cluster)
{
    private const string A = "10.0.0.1:11111@1", B = "10.0.0.2:11111@1";
    private static readonly TimeSpan Term = TimeSpan.FromSeconds(10);

    private ISourceLeaseGrain NewLease() => cluster.Grains.GetGrain<ISourceLeaseGrain>(Events.Unique("source"));

    [Fact]
    public async Task The_holder_keeps_the_lease_while_it_renews_and_another_takes_it_once_the_term_runs_out()
    {
        var lease = NewLease();
        Assert.True(await lease.HoldAsync(A, Term));
        Assert.False(await lease.HoldAsync(B, Term));
        cluster.Time.Advance(TimeSpan.FromSeconds(8));
        Assert.True(await lease.HoldAsync(A, Term)); // renewed: a new term from now
        cluster.Time.Advance(TimeSpan.FromSeconds(8));
        Assert.False(await lease.HoldAsync(B, Term));

        // A goes silent (it died): after the term, B takes over, and A learns it at its next renewal.
        cluster.Time.Advance(Term);
        Assert.True(await lease.HoldAsync(B, Term));
        Assert.False(await lease.HoldAsync(A, Term));
    }

    [Fact]
    public async Task A_holder_that_stops_gives_the_lease_up_at_once_and_only_its_own()
    {
        var lease = NewLease();
        Assert.True(await lease.HoldAsync(A, Term));
        await lease.ReleaseAsync(B); // not B's to give
        Assert.False(await lease.HoldAsync(B, Term));
        await lease.ReleaseAsync(A);
        Assert.True(await lease.HoldAsync(B, Term));
    }
}
