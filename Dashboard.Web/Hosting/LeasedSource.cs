namespace Dashboard.Web.Hosting;

/// <summary>
/// A source every host of a cluster is configured with (the queue_log follower, a replay) runs on one host at a time:
/// the one holding its lease (<see cref="ISourceLeaseGrain"/>), renewed every <see cref="Renew"/>. When that host dies
/// the lease runs out after <see cref="Term"/> and another host starts the source, which resumes where its own state
/// says (a replay from the start): what was read twice counts once, as any re-send does. A host on its own runs its
/// sources directly (<see cref="SourceExtensions.AddSource{T}"/>).
/// </summary>
public sealed partial class LeasedSource<T>(T source, IGrainFactory grains, ILocalSiloDetails silo, ILogger<LeasedSource<T>> logger)
    : BackgroundService where T : class, IHostedService
{
    internal static readonly TimeSpan Term = TimeSpan.FromSeconds(10);
    internal static readonly TimeSpan Renew = TimeSpan.FromSeconds(2);

    private readonly ISourceLeaseGrain _lease = grains.GetGrain<ISourceLeaseGrain>(typeof(T).Name);
    private bool _running;

    private string Host => silo.SiloAddress.ToParsableString();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Renew);
        try
        {
            do
            {
                bool held;
                try
                {
                    held = await _lease.HoldAsync(Host, Term);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The lease may be moving off a lost host: carry on as before and ask again at the next renewal.
                    LogUnreachable(ex);
                    continue;
                }
                if (held && !_running)
                {
                    try
                    {
                        await source.StartAsync(stoppingToken);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        // A source that cannot start must not stop the host, which still serves the floor: tried again
                        // at the next renewal.
                        LogStartFailed(ex, typeof(T).Name);
                        continue;
                    }
                    _running = true;
                    LogLeading(typeof(T).Name);
                }
                else if (!held && _running)
                {
                    await source.StopAsync(stoppingToken);
                    _running = false;
                    LogFollowing(typeof(T).Name);
                }
                else if (!held)
                {
                    LogStandingBy(typeof(T).Name);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (!_running)
            return;
        await source.StopAsync(cancellationToken);
        _running = false;
        try
        {
            // Another host takes the source at its next renewal rather than after the term.
            await _lease.ReleaseAsync(Host).WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
        }
        catch (Exception ex) when (ex is TimeoutException or OrleansException or OperationCanceledException)
        {
            LogUnreachable(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "This host runs the source {Source} for the cluster")]
    private partial void LogLeading(string source);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Another host took over the source {Source}; stopped it here")]
    private partial void LogFollowing(string source);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Another host runs the source {Source}; standing by")]
    private partial void LogStandingBy(string source);

    [LoggerMessage(Level = LogLevel.Error, Message = "The source {Source} could not start; trying again")]
    private partial void LogStartFailed(Exception exception, string source);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The source's lease could not be reached; asking again")]
    private partial void LogUnreachable(Exception exception);
}

public static class SourceExtensions
{
    /// <summary>
    /// Registers the source <typeparamref name="T"/>: run directly on a host on its own; in a cluster, on whichever
    /// host holds its lease, so the same settings on every host make one reader and a standby for each source.
    /// </summary>
    public static IServiceCollection AddSource<T>(this IServiceCollection services, IConfiguration configuration) where T : class, IHostedService
    {
        if (Clustering.Provider(configuration) is null)
            return services.AddHostedService<T>();
        services.AddSingleton<T>();
        return services.AddHostedService<LeasedSource<T>>();
    }
}
