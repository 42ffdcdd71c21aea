using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Dashboard.Web.Notifications;

/// <summary>An alert as a message: a title, a line, and where to look.</summary>
public sealed record NotificationMessage(string Title, string Text, string? Link);

/// <summary>
/// Sends a message down one channel, in the channel's own format: e-mail through SMTP (MailKit), and the group-chat
/// robots of WeCom (企业微信), DingTalk (钉钉, signed when the robot has a secret), Slack and Microsoft Teams (an
/// Adaptive Card, as Teams' workflow webhooks take). Returns null when the channel took it, else what went wrong.
/// </summary>
public sealed class NotificationSender(IHttpClientFactory clients, IOptions<NotificationOptions> options, TimeProvider time)
{
    public const string HttpClientName = nameof(NotificationSender);

    private NotificationOptions Options => options.Value;

    public async Task<string?> SendAsync(NotificationChannel channel, NotificationMessage message, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Options.Timeout);
            return channel.Kind == NotificationKinds.Email
                ? await MailAsync(channel, message, timeout.Token)
                : await PostAsync(channel, message, timeout.Token);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException or SmtpCommandException
            or SmtpProtocolException or AuthenticationException or SslHandshakeException or JsonException or ParseException
            or System.Net.Sockets.SocketException)
        {
            // The error goes to the delivery log; a channel down must not stop the others.
            return ex is OperationCanceledException && !cancellationToken.IsCancellationRequested ? "timed out" : ex.Message;
        }
    }

    private async Task<string?> MailAsync(NotificationChannel channel, NotificationMessage message, CancellationToken cancellationToken)
    {
        var smtp = Options.Smtp;
        var mail = new MimeMessage { Subject = message.Title };
        mail.From.Add(MailboxAddress.Parse(smtp.From!)); // validated at start for an e-mail channel
        foreach (var to in channel.To)
            mail.To.Add(MailboxAddress.Parse(to));
        mail.Body = new TextPart("plain") { Text = message.Link is null ? message.Text : $"{message.Text}\n\n{message.Link}" };
        using var client = new SmtpClient();
        var security = Enum.TryParse<SecureSocketOptions>(smtp.Security, ignoreCase: true, out var parsed) ? parsed : SecureSocketOptions.StartTls;
        await client.ConnectAsync(smtp.Host!, smtp.Port, security, cancellationToken);
        if (!string.IsNullOrEmpty(smtp.UserName))
            await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", cancellationToken);
        await client.SendAsync(mail, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
        return null;
    }

    private async Task<string?> PostAsync(NotificationChannel channel, NotificationMessage message, CancellationToken cancellationToken)
    {
        var url = channel.Kind == NotificationKinds.DingTalk && !string.IsNullOrEmpty(channel.Secret)
            ? DingTalkSigned(channel.Url!, channel.Secret, time.GetUtcNow())
            : channel.Url!;
        using var response = await clients.CreateClient(HttpClientName).PostAsJsonAsync(url, Payload(channel.Kind, message), cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
            return $"HTTP {(int)response.StatusCode}: {Shorten(body)}";
        // WeCom and DingTalk answer 200 with an error code in the body when they refuse a message.
        if (channel.Kind is NotificationKinds.WeCom or NotificationKinds.DingTalk)
        {
            using var answer = JsonDocument.Parse(body);
            if (answer.RootElement.TryGetProperty("errcode", out var code) && code.GetInt32() != 0)
                return $"errcode {code.GetInt32()}: {(answer.RootElement.TryGetProperty("errmsg", out var why) ? why.GetString() : "")}";
        }
        return null;
    }

    /// <summary>The body each chat's robot takes: Markdown for WeCom and DingTalk, mrkdwn text for Slack, an Adaptive Card for Teams.</summary>
    public static object Payload(string kind, NotificationMessage message)
    {
        var link = message.Link;
        return kind switch
        {
            NotificationKinds.WeCom => new
            {
                msgtype = "markdown",
                markdown = new { content = $"**{message.Title}**\n> {message.Text}" + (link is null ? "" : $"\n[{link}]({link})") },
            },
            NotificationKinds.DingTalk => new
            {
                msgtype = "markdown",
                markdown = new { title = message.Title, text = $"### {message.Title}\n\n{message.Text}" + (link is null ? "" : $"\n\n[{link}]({link})") },
            },
            NotificationKinds.Slack => new { text = $"*{message.Title}*\n{message.Text}" + (link is null ? "" : $"\n<{link}>") },
            NotificationKinds.Teams => new
            {
                type = "message",
                attachments = new[]
                {
                    new
                    {
                        contentType = "application/vnd.microsoft.card.adaptive",
                        content = new Dictionary<string, object>
                        {
                            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
                            ["type"] = "AdaptiveCard",
                            ["version"] = "1.4",
                            ["body"] = new object[]
                            {
                                new { type = "TextBlock", text = message.Title, weight = "Bolder", size = "Medium", wrap = true },
                                new { type = "TextBlock", text = message.Text, wrap = true },
                            },
                            ["actions"] = link is null ? Array.Empty<object>() : [new { type = "Action.OpenUrl", title = "Dashboard", url = link }],
                        },
                    },
                },
            },
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a chat channel"),
        };
    }

    /// <summary>DingTalk's signature (加签): HMAC-SHA256 of "timestamp\nsecret" keyed by the secret, Base64, URL-encoded,
    /// with the timestamp in milliseconds, appended to the robot's address.</summary>
    public static string DingTalkSigned(string url, string secret, DateTimeOffset at)
    {
        var timestamp = at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var sign = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}\n{secret}")));
        return $"{url}{(url.Contains('?', StringComparison.Ordinal) ? '&' : '?')}timestamp={timestamp}&sign={Uri.EscapeDataString(sign)}";
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
