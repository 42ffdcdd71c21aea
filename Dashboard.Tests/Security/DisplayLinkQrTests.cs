using System.Buffers.Binary;
using Dashboard.Web.Security.Displays;

namespace Dashboard.Tests.Security;

/// <summary>A display link's QR code: a PNG, square, large enough for a link of 200-odd characters.</summary>
public sealed class DisplayLinkQrTests
{
    [Fact]
    public void PngDataUri_ALongDisplayLink_ASquarePngWithRoomForEveryModule()
    {
        var url = "https://dashboard.example/display/" + new string('x', 180);

        var uri = DisplayLinkQr.PngDataUri(url);
        var png = Convert.FromBase64String(uri["data:image/png;base64,".Length..]);
        var (width, height) = (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));

        Assert.StartsWith("data:image/png;base64,", uri);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.Equal(width, height);
        // 215 bytes at level M need version 9 or more (53 modules), with a 4-module quiet zone each side.
        Assert.InRange(width / DisplayLinkQr.PixelsPerModule, 53 + 8, 177 + 8);
    }
}
