using Dashboard.Grains.Ingestion;

namespace Dashboard.Tests.Ingestion;

public sealed class ForgottenIdsTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Contains_IdAdded_RememberedForAtLeastTheWindow()
    {
        var ids = new ForgottenIds(TimeSpan.FromHours(2));
        ids.Add("c-1", Noon);

        // Other ids arriving later rotate the generations once (at 14:00); c-1 is in the previous one.
        ids.Add("c-2", Noon.AddMinutes(119));
        ids.Add("c-3", Noon.AddHours(2));

        Assert.True(ids.Contains("c-1"));
        Assert.True(ids.Contains("c-2"));
        Assert.False(ids.Contains("c-4"));
    }

    [Fact]
    public void Contains_AfterTwoRotations_IdIsGone()
    {
        var ids = new ForgottenIds(TimeSpan.FromHours(2));
        ids.Add("c-1", Noon);
        ids.Add("c-2", Noon.AddHours(2));   // rotation 1: c-1 previous
        ids.Add("c-3", Noon.AddHours(4));   // rotation 2: c-1 dropped, c-2 previous

        Assert.False(ids.Contains("c-1"));
        Assert.True(ids.Contains("c-2"));
        Assert.True(ids.Contains("c-3"));
    }

    [Fact]
    public void Hash_SameIdInAnyInstance_SameValue()
    {
        // Stable across processes: the value is XxHash3 of the UTF-16 bytes, not string.GetHashCode.
        Assert.Equal(ForgottenIds.Hash("call-42"), ForgottenIds.Hash(new string("call-42".ToCharArray())));
        Assert.NotEqual(ForgottenIds.Hash("call-42"), ForgottenIds.Hash("call-43"));
    }
}
