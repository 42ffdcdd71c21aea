using System.Security.Cryptography;
using System.Text;

namespace Dashboard.Web.Webhooks;

/// <summary>
/// <c>X-Dashboard-Signature: sha256=</c> lower-case hex of HMAC-SHA256(secret, <c>{timestamp}.{body}</c>), where
/// timestamp is the <c>X-Dashboard-Timestamp</c> header (Unix seconds): the receiver recomputes it and compares in
/// constant time, and refuses old timestamps, so a captured delivery cannot be replayed later.
/// </summary>
public static class WebhookSignature
{
    public const string SignatureHeader = "X-Dashboard-Signature";
    public const string TimestampHeader = "X-Dashboard-Timestamp";
    public const string EventHeader = "X-Dashboard-Event";
    public const string DeliveryHeader = "X-Dashboard-Delivery";

    public static string Sign(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }
}
