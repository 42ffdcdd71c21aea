using System.Globalization;
using Dashboard.Web.Live;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Web.Components.Shared;

/// <summary>
/// A page that shows the live floor: reads <see cref="ILiveFeed.Current"/>, subscribes after the first render
/// (so prerendering does not subscribe), re-renders on every change through <see cref="ComponentBase.InvokeAsync(Action)"/>,
/// ticks once a second for the clocks (time in state, longest wait, the stale stamp), and disposes both. Renders
/// caused by the feed or the clock run in the circuit's culture (the reader's language), not the calling thread's.
/// </summary>
public abstract class LiveComponentBase : ComponentBase, IDisposable
{
    private static readonly TimeSpan TickPeriod = TimeSpan.FromSeconds(1);

    // The circuit's language, as the component is made in it: the feed and the clock call back from their own
    // threads, whose culture is not the reader's.
    private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
    private readonly CultureInfo _uiCulture = CultureInfo.CurrentUICulture;
    private IDisposable? _subscription;
    private ITimer? _timer;
    private bool _disposed;

    [Inject] protected ILiveFeed Feed { get; set; } = default!;

    [Inject] protected TimeProvider Time { get; set; } = default!;

    protected FloorView View { get; private set; } = FloorView.Empty;

    /// <summary>Now, as of this render.</summary>
    protected DateTimeOffset Now { get; private set; }

    protected override void OnInitialized()
    {
        Now = Time.GetUtcNow();
        Apply(Feed.Current, null);
    }

    protected override Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender && !_disposed)
        {
            _subscription = Feed.Subscribe(OnChangeAsync);
            _timer = Time.CreateTimer(_ => _ = SafeInvokeAsync(Tick), null, TickPeriod, TickPeriod);
            // A change published between the first read and the subscription would otherwise wait for the next one.
            var current = Feed.Current;
            if (current.Sequence != View.Sequence)
            {
                return InvokeAsync(() =>
                {
                    Now = Time.GetUtcNow();
                    Apply(current, null);
                    StateHasChanged();
                });
            }
        }
        return Task.CompletedTask;
    }

    /// <summary>Called with every new view (and once at start with a null delta); derive what the render needs here,
    /// once per change, not once per render.</summary>
    protected virtual void OnViewChanged(FloorView view, FloorDelta? delta)
    {
    }

    /// <summary>Called once a second before the re-render.</summary>
    protected virtual void OnTick()
    {
    }

    private Task OnChangeAsync(FloorChange change) => SafeInvokeAsync(() =>
    {
        if (_disposed)
        {
            return;
        }
        Now = Time.GetUtcNow();
        Apply(change.View, change.Delta);
        StateHasChanged();
    });

    /// <summary>Runs on the component's dispatcher; a circuit that has gone away is not the feed's problem.</summary>
    private async Task SafeInvokeAsync(Action action)
    {
        if (_disposed)
        {
            return;
        }
        try
        {
            // Set here, in this async method's own flow: the render runs in the circuit's language and the caller's
            // thread keeps its own.
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (_culture, _uiCulture);
            await InvokeAsync(action);
        }
        catch (ObjectDisposedException)
        {
            // The renderer was disposed between the check and the call (the browser went away).
        }
    }

    private void Tick()
    {
        if (_disposed)
        {
            return;
        }
        Now = Time.GetUtcNow();
        OnTick();
        StateHasChanged();
    }

    private void Apply(FloorView view, FloorDelta? delta)
    {
        View = view;
        OnViewChanged(view, delta);
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        if (disposing)
        {
            _subscription?.Dispose();
            _timer?.Dispose();
        }
    }
}
