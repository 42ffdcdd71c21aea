using Dashboard.Grains.Durability;

namespace Dashboard.Grains.Notifications;

/// <summary>One delivery of an alert off the screen, as the log keeps it.</summary>
/// <param name="Key">The alert, the route and the attempt: <c>{alertId}/{route}/{attempt}</c>.</param>
/// <param name="Channel">The channel's name in configuration (<c>Notifications:Channels</c>).</param>
/// <param name="Error">Null when the channel took it (SMTP accepted, the chat answered ok).</param>
[GenerateSerializer, Immutable, Alias("NotificationDelivery")]
public sealed record NotificationDelivery(
    [property: Id(0)] string Key,
    [property: Id(1)] string AlertId,
    [property: Id(2)] string Rule,
    [property: Id(3)] AlertSeverity Severity,
    [property: Id(4)] string SubjectName,
    [property: Id(5)] int Attempt,
    [property: Id(6)] string Channel,
    [property: Id(7)] string Kind,
    [property: Id(8)] DateTimeOffset At,
    [property: Id(9)] string? Error,
    [property: Id(10)] string? Host);

/// <summary>
/// The cluster's one record of alert notifications (key 0): which deliveries are claimed, so that of several hosts
/// watching the same alerts only one sends each, and the log of every delivery with its result.
/// </summary>
public interface INotificationLedgerGrain : IGrainWithIntegerKey, ILiveStateGrain
{
    /// <summary>True for the first caller of a key only: that host sends it.</summary>
    Task<bool> TryClaimAsync(string key, DateTimeOffset at);

    Task RecordAsync(ImmutableArray<NotificationDelivery> deliveries);

    /// <summary>The newest first.</summary>
    [AlwaysInterleave]
    Task<ImmutableArray<NotificationDelivery>> LogAsync(int max);
}

/// <remarks>Kept in snapshots, so a restart neither forgets the log nor sends a claimed repeat again; claims are
/// kept two days (longer than any alert is repeated), the log its newest <see cref="LogSize"/> deliveries.</remarks>
[CollectionAgeLimit(AlwaysActive = true)]
public sealed class NotificationLedgerGrain : LiveGrain, INotificationLedgerGrain
{
    public const long Key = 0;
    public const int LogSize = 2_000;
    public static readonly TimeSpan KeepClaims = TimeSpan.FromDays(2);

    private readonly Dictionary<string, DateTimeOffset> _claims = new(StringComparer.Ordinal);
    private readonly LinkedList<NotificationDelivery> _log = new();

    public Task<bool> TryClaimAsync(string key, DateTimeOffset at)
    {
        if (!_claims.TryAdd(key, at))
            return Task.FromResult(false);
        if (_claims.Count % 256 == 0)
        {
            foreach (var old in _claims.Where(c => c.Value < at - KeepClaims).Select(c => c.Key).ToList())
                _claims.Remove(old);
        }
        return Task.FromResult(true);
    }

    public Task RecordAsync(ImmutableArray<NotificationDelivery> deliveries)
    {
        foreach (var delivery in deliveries)
        {
            _log.AddFirst(delivery);
            if (_log.Count > LogSize)
                _log.RemoveLast();
        }
        return Task.CompletedTask;
    }

    public Task<ImmutableArray<NotificationDelivery>> LogAsync(int max) => Task.FromResult(_log.Take(Math.Max(0, max)).ToImmutableArray());

    public override Task<Immutable<byte[]>> CaptureAsync() =>
        Task.FromResult(this.Write(new NotificationLedgerState([.. _claims.Select(c => new NotificationClaim(c.Key, c.Value))], [.. _log])));

    public override Task RestoreAsync(Immutable<byte[]> state)
    {
        var kept = this.Read<NotificationLedgerState>(state);
        _claims.Clear();
        foreach (var claim in kept.Claims)
            _claims[claim.Key] = claim.At;
        _log.Clear();
        foreach (var delivery in kept.Log)
            _log.AddLast(delivery);
        return Task.CompletedTask;
    }
}

[GenerateSerializer, Immutable, Alias("NotificationClaim")]
public sealed record NotificationClaim([property: Id(0)] string Key, [property: Id(1)] DateTimeOffset At);

[GenerateSerializer, Immutable, Alias("NotificationLedgerState")]
public sealed record NotificationLedgerState(
    [property: Id(0)] ImmutableArray<NotificationClaim> Claims,
    [property: Id(1)] ImmutableArray<NotificationDelivery> Log);
