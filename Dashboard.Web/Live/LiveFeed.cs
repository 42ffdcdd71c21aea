using Microsoft.Extensions.Options;

namespace Dashboard.Web.Live;

/// <summary>
/// This host's one subscription to the floor grain. Applies each delta to an immutable view and hands it to
/// local subscribers (Blazor circuits, the hub broadcaster). A gap in the delta sequence — a lost message or a
/// reactivated floor — triggers a full reload, and the subscription is renewed well inside its expiry.
/// </summary>
/// <remarks>
/// The floor speaks at least every heartbeat. When it falls silent for <see cref="SilentHeartbeats"/> of them, the
/// floor grain is gone (its host died, or it was deactivated) and its new activation does not know this host: the
/// subscription is renewed at once, not at the next renewal, so a wall-board freezes for seconds, not twenty.
/// </remarks>
internal sealed class LiveFeed(IGrainFactory grains, TimeProvider time, IOptions<LiveOptions> live, ILogger<LiveFeed> logger)
    : BackgroundService, ILiveFeed, IFloorObserver
{
    private static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(20);
    private const int SilentHeartbeats = 3;
    private readonly Lock _gate = new();
    private ImmutableList<CoalescingDelivery> _subscribers = [];
    private FloorView _view = FloorView.Empty;
    private IFloorObserver? _reference;
    private bool _resyncNeeded = true;
    private int _reloading;

    public FloorView Current => Volatile.Read(ref _view);

    public IDisposable Subscribe(Func<FloorChange, Task> onChange)
    {
        var delivery = new CoalescingDelivery(onChange, logger);
        lock (_gate)
        {
            _subscribers = _subscribers.Add(delivery);
        }
        return new Subscription(() =>
        {
            lock (_gate)
            {
                _subscribers = _subscribers.Remove(delivery);
            }
            delivery.Dispose();
        });
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _reference = grains.CreateObjectReference<IFloorObserver>(this);
        var floor = grains.GetGrain<IFloorGrain>(GrainKeys.Floor);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await floor.SubscribeAsync(_reference);
                if (_resyncNeeded)
                {
                    await ReloadAsync(floor);
                }
                await UntilRenewalAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Floor subscription failed; retrying");
                _resyncNeeded = true;
                await Task.Delay(TimeSpan.FromSeconds(1), time, CancellationToken.None);
            }
        }
    }

    // The regular renewal, or earlier when the floor has been silent too long since the last (re)subscription.
    private async Task UntilRenewalAsync(CancellationToken stoppingToken)
    {
        var subscribed = time.GetUtcNow();
        var silence = live.Value.HeartbeatInterval * SilentHeartbeats;
        var look = live.Value.HeartbeatInterval < TimeSpan.FromSeconds(1) ? live.Value.HeartbeatInterval : TimeSpan.FromSeconds(1);
        while (time.GetUtcNow() - subscribed < RenewEvery)
        {
            await Task.Delay(look, time, stoppingToken);
            var now = time.GetUtcNow();
            var heard = Current.LastUpdate > subscribed ? Current.LastUpdate : subscribed;
            if (now - heard > silence)
            {
                logger.LogInformation("The floor has been silent for {Seconds:F0} s; subscribing again", (now - heard).TotalSeconds);
                _resyncNeeded = true;
                return;
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Best effort: the floor drops an observer that stops renewing anyway. A cancelled token means the host's
        // shutdown time is up; throwing then would make the host rethrow from Run and abort (exit 134), so nothing
        // escapes, cancellation included.
        if (_reference is not null && !cancellationToken.IsCancellationRequested)
        {
            try
            {
                await grains.GetGrain<IFloorGrain>(GrainKeys.Floor).UnsubscribeAsync(_reference)
                    .WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
            }
            catch (Exception ex)
            {
                logger.LogDebug(ex, "Unsubscribe on shutdown failed");
            }
        }
        await base.StopAsync(cancellationToken);
    }

    public Task OnFloorChangedAsync(FloorDelta delta)
    {
        lock (_gate)
        {
            var view = _view;
            if (_resyncNeeded || delta.Sequence != view.Sequence + 1)
            {
                // Out of step: reload the whole floor outside the observer call, once however many deltas
                // arrive meanwhile.
                _resyncNeeded = true;
                if (Interlocked.Exchange(ref _reloading, 1) == 0)
                {
                    _ = Task.Run(() => ReloadAsync(grains.GetGrain<IFloorGrain>(GrainKeys.Floor)));
                }
                return Task.CompletedTask;
            }
            view = view with
            {
                Sequence = delta.Sequence,
                LastUpdate = time.GetUtcNow(),
                Queues = view.Queues.SetItems(delta.Queues.Select(q => KeyValuePair.Create(q.QueueId, q))),
                Agents = view.Agents.SetItems(delta.Agents.Select(a => KeyValuePair.Create(a.AgentId, a))),
                Alerts = delta.Alerts,
                Settings = delta.Settings ?? view.Settings,
            };
            Volatile.Write(ref _view, view);
            Notify(new FloorChange(view, delta));
        }
        // Returns once the view is updated and the change handed over: the floor grain never waits for screens.
        return Task.CompletedTask;
    }

    private async Task ReloadAsync(IFloorGrain floor)
    {
        try
        {
            var state = await floor.GetStateAsync();
            lock (_gate)
            {
                var view = new FloorView(
                    state.Sequence, time.GetUtcNow(),
                    FloorView.Empty.Queues.SetItems(state.Queues.Select(q => KeyValuePair.Create(q.QueueId, q))),
                    FloorView.Empty.Agents.SetItems(state.Agents.Select(a => KeyValuePair.Create(a.AgentId, a))),
                    state.Alerts) { Settings = state.Settings };
                Volatile.Write(ref _view, view);
                _resyncNeeded = false;
                Notify(new FloorChange(view, new FloorDelta(state.Sequence, state.At, state.Queues, state.Agents, state.Alerts) { Settings = state.Settings }));
            }
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Reloading the floor failed; the next renewal retries");
        }
        finally
        {
            Volatile.Write(ref _reloading, 0);
        }
    }

    // Under _gate, so every subscriber gets the changes in sequence order.
    private void Notify(FloorChange change)
    {
        foreach (var subscriber in _subscribers)
        {
            subscriber.Post(change);
        }
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private Action? _dispose = dispose;

        public void Dispose() => Interlocked.Exchange(ref _dispose, null)?.Invoke();
    }
}
