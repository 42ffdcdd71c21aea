using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Dashboard.Grains.Durability;

/// <summary>
/// The one way a live grain turns its state into the bytes of <see cref="ILiveStateGrain.CaptureAsync"/> and back:
/// Orleans' serializer, so state classes declare their fields with <c>[Id]</c> and stay readable across versions.
/// </summary>
public static class LiveState
{
    public static Immutable<byte[]> Write<T>(this IGrainBase grain, T state) =>
        new(grain.GrainContext.ActivationServices.GetRequiredService<Serializer<T>>().SerializeToArray(state));

    public static T Read<T>(this IGrainBase grain, Immutable<byte[]> state) =>
        grain.GrainContext.ActivationServices.GetRequiredService<Serializer<T>>().Deserialize(state.Value)
        ?? throw new InvalidDataException($"An empty {typeof(T).Name} in a snapshot.");
}
