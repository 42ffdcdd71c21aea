using System.Collections.Concurrent;
using Orleans.Runtime;
using Orleans.Storage;

namespace Dashboard.Grains.Alerts;

/// <summary>
/// Grain state in this process's memory: the default behind <see cref="GrainStorageNames.Live"/> for a silo whose
/// host keeps nothing (tests, the benchmark's in-process silo). The web host replaces it with a file in its data
/// directory. Copies in and out through the Orleans serializer, as a real store does.
/// </summary>
public sealed class VolatileGrainStorage(Orleans.Serialization.Serializer serializer) : IGrainStorage
{
    private readonly ConcurrentDictionary<(string, GrainId), byte[]> _states = new();

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (_states.TryGetValue((stateName, grainId), out var bytes))
        {
            grainState.State = serializer.Deserialize<T>(bytes);
            grainState.RecordExists = true;
            grainState.ETag = "1";
        }
        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        _states[(stateName, grainId)] = serializer.SerializeToArray(grainState.State);
        grainState.RecordExists = true;
        grainState.ETag = "1";
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        _states.TryRemove((stateName, grainId), out _);
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }
}
