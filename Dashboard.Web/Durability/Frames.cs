using System.Buffers.Binary;
using System.IO.Hashing;

namespace Dashboard.Web.Durability;

/// <summary>
/// How the journal and the snapshot lay records on disk: length (4 bytes), CRC-32 (4 bytes), payload. A frame that
/// does not read whole or fails its checksum ends the file: it was torn by a crash and never acknowledged.
/// </summary>
internal static class Frames
{
    public const int HeaderBytes = 8;

    public static async Task WriteAsync(Stream stream, byte[] payload, CancellationToken cancellationToken = default)
    {
        var header = new byte[HeaderBytes];
        BinaryPrimitives.WriteInt32LittleEndian(header, payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), Crc32.HashToUInt32(payload));
        await stream.WriteAsync(header, cancellationToken);
        await stream.WriteAsync(payload, cancellationToken);
    }

    /// <summary>The payload of the next intact frame, or null at the end or at a torn or corrupt frame (the stream
    /// is then left at the frame's start).</summary>
    public static async Task<byte[]?> ReadAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        var start = stream.Position;
        var header = new byte[HeaderBytes];
        if (await stream.ReadAtLeastAsync(header, HeaderBytes, throwOnEndOfStream: false, cancellationToken) < HeaderBytes)
            return Rewind(stream, start);
        var length = BinaryPrimitives.ReadInt32LittleEndian(header);
        if (length <= 0 || length > stream.Length - stream.Position)
            return Rewind(stream, start);
        var payload = new byte[length];
        if (await stream.ReadAtLeastAsync(payload, length, throwOnEndOfStream: false, cancellationToken) < length
            || Crc32.HashToUInt32(payload) != BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4)))
            return Rewind(stream, start);
        return payload;
    }

    private static byte[]? Rewind(Stream stream, long start)
    {
        stream.Position = start;
        return null;
    }
}
