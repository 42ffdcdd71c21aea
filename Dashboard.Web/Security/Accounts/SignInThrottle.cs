using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Security.Accounts;

/// <summary>
/// Wrong passwords counted per account and client address (docs/permissions.md, Sessions): after
/// <see cref="AccountsOptions.SignInFailuresPerAddress"/> of them, with no more than
/// <see cref="AccountsOptions.SignInLockout"/> between one and the next, that address may not try that account
/// again for <see cref="AccountsOptions.SignInLockout"/>. The account itself is never locked by failures, so
/// nobody can lock another person out from their own address; names that do not exist are counted alike, so the
/// refusal tells nothing about which exist. IPv6 addresses count by their /64, which one client usually holds whole.
/// Kept in memory, per instance: a restart forgets the counts.
/// </summary>
public sealed class SignInThrottle(IOptions<AccountsOptions> options, TimeProvider time)
{
    // Entries whose last failure is older than the lockout are forgotten: swept when there are this many.
    private const int SweepAbove = 10_000;

    private readonly ConcurrentDictionary<(string Account, string Address), Failures> _failures = new();

    /// <summary>How long this address must still wait before trying this account again; null when it may try now.</summary>
    public TimeSpan? RefusedFor(string account, IPAddress? address) =>
        _failures.TryGetValue((account, Key(address)), out var failures) && failures.LockedUntil is { } until && until > time.GetUtcNow()
            ? until - time.GetUtcNow()
            : null;

    /// <summary>A wrong password (or an unknown name); true when this one locks the pair.</summary>
    public bool Failed(string account, IPAddress? address)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        if (_failures.Count > SweepAbove)
            Sweep(now, settings.SignInLockout);
        var failures = _failures.AddOrUpdate((account, Key(address)),
            _ => LockedWhenTooMany(Failures.First(now)),
            (_, earlier) => LockedWhenTooMany(now - earlier.Last >= settings.SignInLockout ? Failures.First(now) : earlier.Next(now)));
        return failures.LockedUntil is not null;

        Failures LockedWhenTooMany(Failures counted) =>
            counted.Count >= settings.SignInFailuresPerAddress ? counted with { LockedUntil = now + settings.SignInLockout } : counted;
    }

    /// <summary>The right password: this address starts again from nothing for this account.</summary>
    public void Succeeded(string account, IPAddress? address) => _failures.TryRemove((account, Key(address)), out _);

    /// <summary>The address as failures count it: IPv4 as it is (also when it comes mapped into IPv6), IPv6 by its /64.</summary>
    public static string Key(IPAddress? address)
    {
        if (address is null)
            return "unknown";
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
            return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    private void Sweep(DateTimeOffset now, TimeSpan lockout)
    {
        foreach (var (key, failures) in _failures)
        {
            if (now - failures.Last >= lockout && (failures.LockedUntil is not { } until || until <= now))
                _failures.TryRemove(KeyValuePair.Create(key, failures));
        }
    }

    private sealed record Failures(int Count, DateTimeOffset Last, DateTimeOffset? LockedUntil)
    {
        public static Failures First(DateTimeOffset now) => new(1, now, null);

        public Failures Next(DateTimeOffset now) => this with { Count = Count + 1, Last = now };
    }
}
