using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Orleans.Runtime;
using Orleans.Storage;
using Serializer = Orleans.Serialization.Serializer;

namespace Dashboard.Web.Durability;

/// <summary>
/// Grain state as files in the data directory's <c>grains</c> folder, for a host on its embedded defaults: one file
/// per grain and state, written to a temporary file, flushed and renamed over the old one, so a crash leaves the
/// old state or the new, never half of one.
/// </summary>
public sealed class FileGrainStorage(string directory, Serializer serializer) : IGrainStorage
{
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        if (!File.Exists(path))
            return;
        grainState.State = serializer.Deserialize<T>(await File.ReadAllBytesAsync(path));
        grainState.RecordExists = true;
        grainState.ETag = File.GetLastWriteTimeUtc(path).Ticks.ToString(CultureInfo.InvariantCulture);
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        Directory.CreateDirectory(directory);
        var path = PathOf(stateName, grainId);
        var temporary = path + ".new";
        await using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 4096, useAsync: true))
        {
            await file.WriteAsync(serializer.SerializeToArray(grainState.State));
            file.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
        grainState.RecordExists = true;
        grainState.ETag = File.GetLastWriteTimeUtc(path).Ticks.ToString(CultureInfo.InvariantCulture);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        File.Delete(PathOf(stateName, grainId));
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    // Grain ids may hold any character: the file is named by a hash, readable prefix first.
    private string PathOf(string stateName, GrainId grainId)
    {
        var id = grainId.ToString();
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(stateName + "\n" + id)))[..16];
        var readable = new string([.. id.Take(40).Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_')]);
        return Path.Combine(directory, $"{stateName}.{readable}.{hash}.state");
    }
}
