namespace Dashboard.Grains.Durability;

/// <summary>
/// A grain of the live model: its state can be captured and restored (<see cref="ILiveStateGrain"/>), and it takes
/// that state along when Orleans moves it to another silo — which the host asks for before it shuts down, so a
/// rolling restart of a cluster loses nothing (Hosting: GrainHandoff).
/// </summary>
/// <remarks>
/// Orleans rehydrates a moved grain before its <c>OnActivateAsync</c>; the grain's own activation sets it up
/// (timers, holders of state), so the state is handed back just after activation, before any call is served.
/// </remarks>
public abstract class LiveGrain : Grain, ILiveStateGrain, IGrainMigrationParticipant
{
    private const string StateKey = "dashboard.live";

    public abstract Task<Immutable<byte[]>> CaptureAsync();

    public abstract Task RestoreAsync(Immutable<byte[]> state);

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
        if (rehydrationContext.TryGetValue(StateKey, out byte[]? state) && state is not null)
        {
            GrainContext.ObservableLifecycle.Subscribe(StateKey, GrainLifecycleStage.Activate + 1,
                _ => RestoreAsync(new Immutable<byte[]>(state)), _ => Task.CompletedTask);
        }
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
