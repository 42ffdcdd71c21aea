using System.Net;
using Dashboard.Web.Security.Accounts;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Security;

/// <summary>The rule of wrong passwords per account and address (docs/permissions.md, Sessions), on a clock the tests move.</summary>
public sealed class SignInThrottleTests
{
    private static readonly IPAddress A = IPAddress.Parse("192.0.2.10");
    private static readonly IPAddress B = IPAddress.Parse("192.0.2.11");
    private static readonly TimeSpan Lockout = TimeSpan.FromMinutes(5);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly SignInThrottle _throttle;

    public SignInThrottleTests() =>
        _throttle = new SignInThrottle(Options.Create(new AccountsOptions { SignInFailuresPerAddress = 5, SignInLockout = Lockout }), _time);

    private bool[] Fail(string account, IPAddress address, int times) =>
        [.. Enumerable.Range(0, times).Select(_ => _throttle.Failed(account, address))];

    [Fact]
    public void FiveFailures_RefuseThatAddressForThatAccountOnly()
    {
        var locks = Fail("ALICE", A, 5);

        Assert.Equal([false, false, false, false, true], locks);
        Assert.Equal(Lockout, _throttle.RefusedFor("ALICE", A));
        Assert.Null(_throttle.RefusedFor("ALICE", B));
        Assert.Null(_throttle.RefusedFor("BOB", A));
    }

    [Fact]
    public void Refusal_EndsAfterTheLockout_ThenCountsFromNothing()
    {
        Fail("ALICE", A, 5);

        _time.Advance(Lockout - TimeSpan.FromSeconds(1));
        var nearlyOver = _throttle.RefusedFor("ALICE", A);
        _time.Advance(TimeSpan.FromSeconds(1));
        var over = _throttle.RefusedFor("ALICE", A);
        var again = _throttle.Failed("ALICE", A);

        Assert.Equal(TimeSpan.FromSeconds(1), nearlyOver);
        Assert.Null(over);
        Assert.False(again);
        Assert.Null(_throttle.RefusedFor("ALICE", A));
    }

    [Fact]
    public void RightPassword_ForgetsTheFailures()
    {
        Fail("ALICE", A, 4);
        _throttle.Succeeded("ALICE", A);

        Assert.DoesNotContain(true, Fail("ALICE", A, 4));
        Assert.Null(_throttle.RefusedFor("ALICE", A));
    }

    [Fact]
    public void FailuresFurtherApartThanTheLockout_AreNotAddedUp()
    {
        var slow = Enumerable.Range(0, 10).Select(_ =>
        {
            _time.Advance(Lockout);
            return _throttle.Failed("ALICE", A);
        }).ToList();
        _time.Advance(Lockout - TimeSpan.FromSeconds(1));
        var quick = Fail("ALICE", A, 4);

        Assert.DoesNotContain(true, slow);
        Assert.Equal([false, false, false, true], quick);
    }

    [Fact]
    public void Ipv6_OneSlash64CountsAsOneAddress()
    {
        for (var i = 1; i <= 5; i++)
            _throttle.Failed("ALICE", IPAddress.Parse($"2001:db8:0:7::{i:x}"));

        Assert.NotNull(_throttle.RefusedFor("ALICE", IPAddress.Parse("2001:db8:0:7:ffff:1:2:3")));
        Assert.Null(_throttle.RefusedFor("ALICE", IPAddress.Parse("2001:db8:0:8::1")));
    }

    [Fact]
    public void Ipv4MappedIntoIpv6_IsTheSameAddress()
    {
        Fail("ALICE", A, 5);

        Assert.NotNull(_throttle.RefusedFor("ALICE", A.MapToIPv6()));
        Assert.Equal("192.0.2.10", SignInThrottle.Key(A.MapToIPv6()));
    }
}
