using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dashboard.Grains.Center;

/// <summary>
/// This silo's copy of the queue settings managers changed, for the grains that read them on every contact (agents:
/// wrap-up after a call; agents and call shards: "within threshold" in history). Refreshed from
/// <see cref="ICenterSettingsGrain"/> every <see cref="LiveOptions.SettingsRefreshPeriod"/>, so every silo follows a
/// change within that period; the queue grain itself gets it pushed at once.
/// </summary>
public sealed class LiveQueueSettings(CenterDirectory directory)
{
    private QueueSettingsSet _changed = new(long.MinValue, ImmutableDictionary<string, QueueSettings>.Empty);

    public QueueSettings For(string? queueId) =>
        queueId is not null && Volatile.Read(ref _changed).Queues.TryGetValue(queueId, out var settings)
            ? settings
            : directory.QueueSettings(queueId);

    internal long Version => Volatile.Read(ref _changed).Version;

    internal void Use(QueueSettingsSet changed) => Volatile.Write(ref _changed, changed);
}

/// <summary>Keeps this silo's <see cref="LiveQueueSettings"/> in step with the settings grain.</summary>
internal sealed partial class LiveQueueSettingsRefresher(
    IGrainFactory grains, LiveQueueSettings settings, IOptions<LiveOptions> live, IHostApplicationLifetime lifetime,
    ILogger<LiveQueueSettingsRefresher> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Not before the host has started, the silo with it: asked earlier, Orleans has no silo to place the settings
        // grain on yet and retries with a warning and a stack trace per attempt (the start looked like a crash). Until
        // then the configured settings apply, and no contact is routed before the silo runs anyway.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            try
            {
                await started.Task.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var changed = await grains.GetGrain<ICenterSettingsGrain>(CenterSettingsGrain.Key).GetChangedQueueSettingsAsync();
                if (changed.Version != settings.Version)
                    settings.Use(changed);
                failures = 0;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The silo may not be up yet at start; say so only when it lasts.
                if (++failures == 10)
                    LogFailing(ex);
            }
            try
            {
                await Task.Delay(live.Value.SettingsRefreshPeriod, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing queue settings from the settings grain keeps failing")]
    private partial void LogFailing(Exception exception);
}
