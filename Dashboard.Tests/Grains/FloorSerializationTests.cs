using Dashboard.Grains.Alerts;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Dashboard.Tests.Grains;

/// <summary>
/// The floor's state and deltas cross from the silo to every web host through Orleans' serializer; both derive from
/// one <see cref="FloorPicture"/>. A round trip keeps each one's type and every field, the settings included.
/// </summary>
public sealed class FloorSerializationTests
{
    private static readonly Serializer Serializer = new ServiceCollection()
        .AddSerializer(b => b.AddAssembly(typeof(FloorPicture).Assembly))
        .BuildServiceProvider()
        .GetRequiredService<Serializer>();

    private static readonly DateTimeOffset At = new(2026, 12, 7, 9, 30, 0, TimeSpan.Zero);

    private static readonly FloorSettings Settings = new(
        AlertThresholds.CenterOnly(new AlertLevels { WrapUp = new() { Warning = 60, Critical = 300 } }),
        StaffingPlan.Empty, ImmutableDictionary<string, QueueSettings>.Empty);

    [Fact]
    public void RoundTrip_Delta_SameDeltaWithItsSettings()
    {
        var delta = new FloorDelta(7, At, [], [], []) { Settings = Settings };

        var copy = Serializer.Deserialize<FloorDelta>(Serializer.SerializeToArray(delta))!;

        Assert.Equal(7, copy.Sequence);
        Assert.Equal(At, copy.At);
        Assert.Equal(60, copy.Settings!.Alerts.Center.WrapUp.Warning);
    }

    [Fact]
    public void RoundTrip_StateAsPicture_StaysAState()
    {
        FloorPicture state = new FloorState(3, At, [], [], []) { Settings = Settings };

        var copy = Serializer.Deserialize<FloorPicture>(Serializer.SerializeToArray(state));

        var whole = Assert.IsType<FloorState>(copy);
        Assert.Equal(3, whole.Sequence);
        Assert.Equal(300, whole.Settings!.Alerts.Center.WrapUp.Critical);
    }
}
