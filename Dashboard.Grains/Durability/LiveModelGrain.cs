namespace Dashboard.Grains.Durability;

/// <summary>
/// The cluster's memory of whether its live model is whole (see <see cref="ILiveModelGrain"/>). In memory only, on
/// purpose: a cluster that starts cold finds it fresh and so rebuilds from the journal, which a stored flag would
/// wrongly call built. It moves with its state when its host hands off its grains, like the live grains.
/// </summary>
/// <remarks>
/// It also runs the cluster's cuts for snapshots: one host coordinates, every host it knows pauses its ingest, the
/// states are captured, each host confirms after the capture that it is still alive and its history is written.
/// Anything that changes who holds grains while a cut is under way (a host starting, a host lost) abandons it: a
/// snapshot must never hold a lost host's grains as fresh ones. A cut is not moved with a hand-off; it is abandoned.
/// </remarks>
[CollectionAgeLimit(AlwaysActive = true)]
public sealed class LiveModelGrain : Grain, ILiveModelGrain, IGrainMigrationParticipant
{
    private const string StateKey = "dashboard.live-model";

    // Rebuilds in the order asked for; one runs at a time, the others wait their turn.
    private List<Rebuild> _rebuilds = [];
    private bool _built;
    // The hosts that feed the live model, as they registered when starting; a lost host leaves.
    private HashSet<string> _hosts = new(StringComparer.Ordinal);
    private Cut? _cut;

    /// <summary>A cut still open after this long lost its coordinator: it no longer stands in the way.</summary>
    internal static readonly TimeSpan CutLimit = TimeSpan.FromMinutes(2);

    public Task<RebuildTurn> StartingAsync(string host)
    {
        _hosts.Add(host);
        Abandon();
        if (Current() is { } underWay)
        {
            underWay.Paused.Add(host);
            return Task.FromResult(new RebuildTurn(RebuildRole.Wait, underWay.Id));
        }
        if (_built)
            return Task.FromResult(new RebuildTurn(RebuildRole.Nothing, RebuildTurn.ColdStart));
        return Task.FromResult(Begin(RebuildTurn.ColdStart, host));
    }

    public Task<RebuildTurn> LostAsync(string host, string lost)
    {
        _hosts.Remove(lost);
        Abandon();
        if (_rebuilds.Find(r => r.Id == lost) is { } known)
        {
            known.Paused.Add(host);
            return Task.FromResult(new RebuildTurn(known.Done ? RebuildRole.Nothing : known.Rebuilder == host ? RebuildRole.Rebuild : RebuildRole.Wait, lost));
        }
        // A rebuild its host died in will never finish: the rebuild for that loss replaces it (it starts from nothing).
        foreach (var orphan in _rebuilds.Where(r => !r.Done && r.Rebuilder == lost))
            orphan.Done = true;
        if (Current() is { } underWay)
        {
            // One at a time, and a loss during a rebuild needs its own (what lived on the lost host missed the part
            // replayed before it died): the caller waits for this one, then asks again.
            underWay.Paused.Add(host);
            return Task.FromResult(new RebuildTurn(RebuildRole.Wait, underWay.Id));
        }
        return Task.FromResult(Begin(lost, host));
    }

    public Task<ImmutableArray<string>> PausedAsync(string rebuild) =>
        Task.FromResult(_rebuilds.Find(r => r.Id == rebuild) is { } found ? [.. found.Paused] : ImmutableArray<string>.Empty);

    public Task<bool> IsBuiltAsync(string rebuild) =>
        Task.FromResult(_rebuilds.Find(r => r.Id == rebuild) is not { Done: false });

    public Task BuiltAsync(string rebuild)
    {
        if (_rebuilds.Find(r => r.Id == rebuild) is { } done)
            done.Done = true;
        _built = true;
        // Keep the last few: a host that notices a loss late learns it was already dealt with.
        while (_rebuilds.Count > 16 && _rebuilds.FindIndex(r => r.Done) is >= 0 and var oldest)
            _rebuilds.RemoveAt(oldest);
        return Task.CompletedTask;
    }

    public Task<string?> BeginCutAsync(string host, ImmutableArray<string> dead)
    {
        if (!_built || Current() is not null || OpenCut() is not null)
            return Task.FromResult<string?>(null);
        _hosts.ExceptWith(dead);
        _hosts.Add(host);
        _cut = new Cut($"cut-{Guid.NewGuid():N}", [.. _hosts], DateTime.UtcNow);
        _cut.Paused.Add(host);
        return Task.FromResult<string?>(_cut.Id);
    }

    public Task<string?> CutWantedAsync(string host) =>
        Task.FromResult(OpenCut() is { Captured: false } cut && !cut.Paused.Contains(host) ? cut.Id : null);

    public Task JoinCutAsync(string cut, string host)
    {
        if (OpenCut() is { } open && open.Id == cut && !open.Captured)
            open.Paused.Add(host);
        return Task.CompletedTask;
    }

    public Task CapturedAsync(string cut)
    {
        if (OpenCut() is { } open && open.Id == cut)
            open.Captured = true;
        return Task.CompletedTask;
    }

    public Task WrittenAsync(string cut, string host)
    {
        if (OpenCut() is { Captured: true } open && open.Id == cut)
            open.Written.Add(host);
        return Task.CompletedTask;
    }

    public Task<CutView> CutAsync(string cut) =>
        Task.FromResult(_cut is { } known && known.Id == cut
            ? new CutView(known.Hosts, [.. known.Paused], known.Captured, [.. known.Written], OpenCut() != known)
            : new CutView([], [], false, [], true));

    public Task<bool> FinishCutAsync(string cut)
    {
        var stood = OpenCut() is { } open && open.Id == cut && open.Captured;
        if (_cut is { } known && known.Id == cut)
            known.Over = true;
        return Task.FromResult(stood);
    }

    private Cut? OpenCut() => _cut is { Over: false } cut && DateTime.UtcNow - cut.Began < CutLimit ? cut : null;

    private void Abandon()
    {
        if (_cut is not null)
            _cut.Over = true;
    }

    private Rebuild? Current() => _rebuilds.Find(r => !r.Done);

    private RebuildTurn Begin(string id, string host)
    {
        var rebuild = new Rebuild(id, host);
        rebuild.Paused.Add(host);
        _rebuilds.Add(rebuild);
        return new RebuildTurn(RebuildRole.Rebuild, id);
    }

    void IGrainMigrationParticipant.OnDehydrate(IDehydrationContext context) =>
        context.TryAddValue(StateKey, new LiveModelState(
            _built, [.. _rebuilds.Select(r => new RebuildState(r.Id, r.Rebuilder, [.. r.Paused], r.Done))], [.. _hosts]));

    void IGrainMigrationParticipant.OnRehydrate(IRehydrationContext context)
    {
        if (!context.TryGetValue(StateKey, out LiveModelState? state) || state is null)
            return;
        _built = state.Built;
        _rebuilds = [.. state.Rebuilds.Select(r => new Rebuild(r.Id, r.Rebuilder, [.. r.Paused]) { Done = r.Done })];
        _hosts = new HashSet<string>(state.Hosts.IsDefault ? [] : state.Hosts, StringComparer.Ordinal);
    }

    private sealed record Rebuild(string Id, string Rebuilder, HashSet<string> Paused)
    {
        public Rebuild(string id, string rebuilder) : this(id, rebuilder, new HashSet<string>(StringComparer.Ordinal))
        {
        }

        public bool Done { get; set; }
    }

    private sealed record Cut(string Id, ImmutableArray<string> Hosts, DateTime Began)
    {
        public HashSet<string> Paused { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Written { get; } = new(StringComparer.Ordinal);

        public bool Captured { get; set; }

        public bool Over { get; set; }
    }
}

[GenerateSerializer, Immutable, Alias("LiveModelState")]
public sealed record LiveModelState(
    [property: Id(0)] bool Built, [property: Id(1)] ImmutableArray<RebuildState> Rebuilds, [property: Id(2)] ImmutableArray<string> Hosts);

[GenerateSerializer, Immutable, Alias("RebuildState")]
public sealed record RebuildState(
    [property: Id(0)] string Id, [property: Id(1)] string Rebuilder, [property: Id(2)] ImmutableArray<string> Paused, [property: Id(3)] bool Done);
