using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dashboard.Tests.Support;

/// <summary>What a hub client receives, as a channel a test reads in order.</summary>
public static class HubMessages
{
    public static ChannelReader<T> Listen<T>(this HubConnection hub, string message)
    {
        var channel = System.Threading.Channels.Channel.CreateUnbounded<T>();
        hub.On<T>(message, item => channel.Writer.TryWrite(item));
        return channel.Reader;
    }

    /// <summary>The next message that matches, within 10 s.</summary>
    public static async Task<T> NextAsync<T>(this ChannelReader<T> reader, Func<T, bool> match)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var item = await reader.ReadAsync(timeout.Token);
            if (match(item))
                return item;
        }
    }
}
