namespace Dashboard.Web.Components.Shared;

/// <summary>
/// One query a page runs and shows: whether it is running, its result or its error. Starting it again cancels the
/// run before, whose late answer is then ignored, so a quick change of filters never shows an older result.
/// Runs on the component's dispatcher (no locking).
/// </summary>
public sealed class PageQuery<T> : IDisposable
{
    private CancellationTokenSource? _run;

    /// <param name="startsLoading">Loading before the first run: a page that runs its queries once interactive
    /// shows the bar while it is prerendered and connecting, not an empty section.</param>
    public PageQuery(bool startsLoading = false) => Loading = startsLoading;

    public bool Loading { get; private set; }

    public T? Result { get; private set; }

    public string? Error { get; private set; }

    /// <summary>The store could not be read (rather than a rule of the query broken): the page says so around <see cref="Error"/>.</summary>
    public bool ReadFailed { get; private set; }

    /// <summary>Sets <see cref="Loading"/> before its first await, so a render right after the call shows it.</summary>
    public async Task RunAsync(Func<CancellationToken, Task<T>> query)
    {
        _run?.Cancel();
        _run?.Dispose();
        var run = _run = new CancellationTokenSource();
        (Loading, Result, Error, ReadFailed) = (true, default, null, false);
        try
        {
            var result = await query(run.Token);
            if (run == _run)
            {
                Result = result;
            }
        }
        catch (Exception) when (run != _run)
        {
            return; // replaced by a newer run, or the page went away: its outcome no longer matters
        }
        catch (ArgumentException ex)
        {
            Error = ex.Message; // a rule of the query ("to: at most 62 days after from"), worded for people
        }
        catch (Exception ex)
        {
            (Error, ReadFailed) = (ex.Message, true);
        }
        if (run == _run)
        {
            Loading = false;
        }
    }

    public void Dispose()
    {
        _run?.Cancel();
        _run?.Dispose();
        _run = null;
    }
}
