using Dashboard.Tests.Support;

namespace Dashboard.Tests.Grains;

/// <summary>
/// Issue 15 §3–4: who rebuilds a cluster's live model, and who waits. Each test has a model grain of its own (the
/// cluster's is key 0); hosts are silo addresses with their generation, as the hosts name themselves.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class LiveModelGrainTests(ClusterFixture cluster)
{
    private static long _key = 100;
    private const string A = "10.0.0.1:11111@1", B = "10.0.0.2:11111@1", C = "10.0.0.3:11111@1";

    private ILiveModelGrain NewModel() => cluster.Grains.GetGrain<ILiveModelGrain>(Interlocked.Increment(ref _key));

    [Fact]
    public async Task A_cluster_starting_cold_is_rebuilt_by_its_first_host_the_others_wait_and_later_ones_replay_nothing()
    {
        var model = NewModel();
        Assert.Equal(new RebuildTurn(RebuildRole.Rebuild, RebuildTurn.ColdStart), await model.StartingAsync(A));
        Assert.Equal(new RebuildTurn(RebuildRole.Wait, RebuildTurn.ColdStart), await model.StartingAsync(B));
        Assert.False(await model.IsBuiltAsync(RebuildTurn.ColdStart));
        Assert.Equal([A, B], (await model.PausedAsync(RebuildTurn.ColdStart)).Order());

        await model.BuiltAsync(RebuildTurn.ColdStart);
        Assert.True(await model.IsBuiltAsync(RebuildTurn.ColdStart));
        Assert.Equal(RebuildRole.Nothing, (await model.StartingAsync(C)).Role);
    }

    [Fact]
    public async Task A_lost_host_is_rebuilt_for_once_by_the_first_survivor_to_ask()
    {
        var model = await BuiltModelAsync();
        Assert.Equal(new RebuildTurn(RebuildRole.Rebuild, C), await model.LostAsync(A, C));
        Assert.Equal(new RebuildTurn(RebuildRole.Wait, C), await model.LostAsync(B, C));
        // The rebuilder asking again (a retried call) is still the rebuilder.
        Assert.Equal(RebuildRole.Rebuild, (await model.LostAsync(A, C)).Role);
        Assert.Equal([A, B], (await model.PausedAsync(C)).Order());

        await model.BuiltAsync(C);
        // A survivor that noticed late learns it was dealt with.
        Assert.Equal(RebuildRole.Nothing, (await model.LostAsync(B, C)).Role);
    }

    [Fact]
    public async Task A_loss_during_a_rebuild_gets_a_rebuild_of_its_own_after_it()
    {
        var model = await BuiltModelAsync();
        const string D = "10.0.0.4:11111@1";
        Assert.Equal(RebuildRole.Rebuild, (await model.LostAsync(A, C)).Role);
        // D dies while A rebuilds for C: B waits for C's rebuild, then asks again and rebuilds for D.
        Assert.Equal(new RebuildTurn(RebuildRole.Wait, C), await model.LostAsync(B, D));
        await model.BuiltAsync(C);
        Assert.Equal(new RebuildTurn(RebuildRole.Rebuild, D), await model.LostAsync(B, D));
    }

    [Fact]
    public async Task A_rebuild_whose_host_dies_is_replaced_by_the_rebuild_for_that_loss()
    {
        var model = await BuiltModelAsync();
        Assert.Equal(RebuildRole.Rebuild, (await model.LostAsync(A, C)).Role);
        // A dies mid-rebuild: C's rebuild would never finish; B's rebuild for A (from nothing) replaces it.
        Assert.Equal(new RebuildTurn(RebuildRole.Rebuild, A), await model.LostAsync(B, A));
        Assert.True(await model.IsBuiltAsync(C), "nobody waits for the orphaned rebuild");
    }

    [Fact]
    public async Task A_reset_grain_holds_what_a_fresh_activation_holds_with_a_version_that_still_moves_forward()
    {
        var agent = Events.Unique("reset-agent");
        var grain = cluster.Grains.GetGrain<IAgentGrain>(agent);
        var fresh = await grain.GetSnapshotAsync();
        var now = cluster.Clock.Now;
        CenterEvent[] day = [Events.Login(now.AddMinutes(-5), agent, "q-reset"), Events.State(now.AddMinutes(-4), agent, AgentState.Available)];
        Assert.Equal(2, (await cluster.Ingestor.IngestAsync(day)).Accepted);
        var before = await grain.GetSnapshotAsync();
        Assert.Equal(AgentState.Available, before.State);
        Assert.Equal(2, (await cluster.Ingestor.IngestAsync(day)).Duplicates);

        await grain.ResetAsync();
        var reset = await grain.GetSnapshotAsync();
        Assert.Equal(fresh.State, reset.State);
        Assert.Equal(fresh.StateSince, reset.StateSince);
        Assert.Equal(fresh.Queues.ToArray(), reset.Queues.ToArray());
        // The duplicate memory went with it: the same events count again, as a rebuild's replay needs.
        Assert.Equal(2, (await cluster.Ingestor.IngestAsync(day)).Accepted);
        var rebuilt = await grain.GetSnapshotAsync();
        Assert.Equal((before.State, before.StateSince), (rebuilt.State, rebuilt.StateSince));
        Assert.Equal(before.Queues.ToArray(), rebuilt.Queues.ToArray());
        // The floor is kept through a rebuild and takes only newer versions: the version never goes back.
        Assert.True(rebuilt.Version > before.Version, $"version {rebuilt.Version} after {before.Version}");
    }

    [Fact]
    public async Task A_cut_waits_for_every_known_host_and_stands_once_each_confirms_after_the_capture()
    {
        var model = NewModel();
        // Not before the model is built: a snapshot of a floor still being rebuilt would stand for a journal it lacks.
        await model.StartingAsync(A);
        Assert.Null(await model.BeginCutAsync(A, []));
        await model.BuiltAsync(RebuildTurn.ColdStart);
        Assert.Equal(RebuildRole.Nothing, (await model.StartingAsync(B)).Role);

        var cut = await model.BeginCutAsync(A, []);
        Assert.NotNull(cut);
        Assert.Null(await model.BeginCutAsync(B, [])); // one at a time
        Assert.Equal([A, B], (await model.CutAsync(cut)).Hosts.Order());
        Assert.Null(await model.CutWantedAsync(A)); // the coordinator has paused already
        Assert.Equal(cut, await model.CutWantedAsync(B));
        await model.JoinCutAsync(cut, B);
        Assert.Null(await model.CutWantedAsync(B));
        Assert.Equal([A, B], (await model.CutAsync(cut)).Paused.Order());

        await model.CapturedAsync(cut);
        await model.WrittenAsync(cut, B);
        await model.WrittenAsync(cut, A);
        var state = await model.CutAsync(cut);
        Assert.Equal((true, false), (state.Captured, state.Over));
        Assert.Equal([A, B], state.Written.Order());
        Assert.True(await model.FinishCutAsync(cut));
        Assert.True((await model.CutAsync(cut)).Over);
        Assert.NotNull(await model.BeginCutAsync(B, [])); // the next may begin
    }

    [Fact]
    public async Task A_host_starting_or_lost_during_a_cut_abandons_it()
    {
        var model = await BuiltModelAsync();
        await model.StartingAsync(B);
        var joined = (await model.BeginCutAsync(A, []))!;
        await model.StartingAsync(C);
        Assert.True((await model.CutAsync(joined)).Over);
        Assert.False(await model.FinishCutAsync(joined));

        var lost = (await model.BeginCutAsync(A, []))!;
        await model.JoinCutAsync(lost, B);
        await model.JoinCutAsync(lost, C);
        await model.CapturedAsync(lost);
        Assert.Equal(RebuildRole.Rebuild, (await model.LostAsync(A, C)).Role);
        Assert.True((await model.CutAsync(lost)).Over);
        Assert.False(await model.FinishCutAsync(lost));
        // No cut while the lost host's rebuild is under way; after it, one without the lost host.
        Assert.Null(await model.BeginCutAsync(A, []));
        await model.BuiltAsync(C);
        var next = (await model.BeginCutAsync(A, []))!;
        Assert.Equal([A, B], (await model.CutAsync(next)).Hosts.Order());
    }

    [Fact]
    public async Task Hosts_the_coordinator_knows_dead_are_not_waited_for_and_an_unknown_cut_is_over()
    {
        var model = await BuiltModelAsync();
        await model.StartingAsync(B);
        await model.StartingAsync(C);
        // C stopped (handed its grains over): its membership entry says dead, and the coordinator says so.
        var cut = (await model.BeginCutAsync(A, [C]))!;
        Assert.Equal([A, B], (await model.CutAsync(cut)).Hosts.Order());
        // A host asking about a cut the model does not know (it moved, or started afresh) lets go at once.
        Assert.True((await model.CutAsync("cut-unknown")).Over);
        Assert.False(await model.FinishCutAsync("cut-unknown"));
        // A cut is kept only once captured: finishing one before that does not let it stand.
        Assert.False(await model.FinishCutAsync(cut));
    }

    private async Task<ILiveModelGrain> BuiltModelAsync()
    {
        var model = NewModel();
        await model.StartingAsync(A);
        await model.BuiltAsync(RebuildTurn.ColdStart);
        return model;
    }
}
