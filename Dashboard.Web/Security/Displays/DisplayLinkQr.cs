using QRCoder;

namespace Dashboard.Web.Security.Displays;

/// <summary>A display link as a QR code, for the person setting up a TV: a phone or a TV stick reads it rather than
/// someone typing 200 characters. Black on white with a quiet zone, as every reader expects.</summary>
public static class DisplayLinkQr
{
    /// <summary>Pixels per module: a 200-character link (57 modules) makes an image of about 400 px, shown smaller.</summary>
    public const int PixelsPerModule = 6;

    /// <summary>The link's QR code as a PNG data URI, for an <c>img</c> (no request, no markup of its own).</summary>
    public static string PngDataUri(string url)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(PixelsPerModule);
        return "data:image/png;base64," + Convert.ToBase64String(png);
    }
}
