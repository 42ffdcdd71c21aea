namespace Dashboard.Grains.Durability;

/// <summary>
/// A grain of the live model: its state can be captured and restored (<see cref="ILiveStateGrain"/>), and it takes
/// that state along when Orleans moves it to another silo — which the host asks for before it shuts down, so a
/// rolling restart of a cluster loses nothing (Hosting: GrainHandoff).
/// </summary>
/// <remarks>
/// Orleans rehydrates a moved grain before it activates; the grain's own activation (<see cref="ActivateAsync"/>)
/// sets up what holds its state and its timers, so the state is handed back just after it, before any call is served.
/// </remarks>
public abstract class LiveGrain : Grain, ILiveStateGrain, IGrainMigrationParticipant
{
    private const string StateKey = "dashboard.live";
    private byte[]? _moved;
    private Immutable<byte[]> _fresh;

    public sealed override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await ActivateAsync(cancellationToken);
        // What a reset goes back to: the grain as a fresh activation holds it (its profile, settings, empty day).
        _fresh = await CaptureAsync();
        if (_moved is { } state)
        {
            _moved = null;
            await RestoreAsync(new Immutable<byte[]>(state));
        }
    }

    /// <summary>The grain's own activation: what it would do in <see cref="OnActivateAsync"/>.</summary>
    protected virtual Task ActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public abstract Task<Immutable<byte[]>> CaptureAsync();

    public abstract Task RestoreAsync(Immutable<byte[]> state);

    public Task ResetAsync() => RestoreAsync(_fresh);

    void IGrainMigrationParticipant.OnDehydrate(IDehydrationContext dehydrationContext)
    {
        // Every live grain captures in one synchronous turn; a grain that could not would be moved without state.
        var capture = CaptureAsync();
        if (capture.IsCompletedSuccessfully)
            dehydrationContext.TryAddValue(StateKey, capture.Result.Value);
        OnMoving(dehydrationContext);
    }

    void IGrainMigrationParticipant.OnRehydrate(IRehydrationContext rehydrationContext)
    {
        if (rehydrationContext.TryGetValue(StateKey, out byte[]? state))
            _moved = state;
        OnMoved(rehydrationContext);
    }

    /// <summary>What else a grain takes along to its new silo that is not state a snapshot keeps (e.g. who listens).</summary>
    protected virtual void OnMoving(IDehydrationContext context)
    {
    }

    /// <summary>The counterpart of <see cref="OnMoving"/>, on the new silo before activation.</summary>
    protected virtual void OnMoved(IRehydrationContext context)
    {
    }
}
