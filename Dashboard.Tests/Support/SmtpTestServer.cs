using System.Buffers;
using System.Collections.Concurrent;
using MimeKit;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Dashboard.Tests.Support;

/// <summary>A real SMTP server (the SmtpServer library) on a free loopback port that keeps every message it accepts.</summary>
public sealed class SmtpTestServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;

    public ConcurrentQueue<MimeMessage> Messages { get; } = new();

    public int Port { get; }

    private SmtpTestServer(int port)
    {
        Port = port;
        var options = new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(e => e.Port(port, false)).Build();
        var services = new ServiceProvider();
        services.Add(new Store(Messages));
        _running = new SmtpServer.SmtpServer(options, services).StartAsync(_stop.Token);
    }

    public static async Task<SmtpTestServer> StartAsync()
    {
        var server = new SmtpTestServer(FreePorts.Next());
        // Listening once a connection is taken.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                using var probe = new System.Net.Sockets.TcpClient();
                await probe.ConnectAsync(System.Net.IPAddress.Loopback, server.Port);
                return server;
            }
            catch (System.Net.Sockets.SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    public async Task<IReadOnlyList<MimeMessage>> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (Messages.Count < count)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{Messages.Count} of {count} e-mails arrived");
            await Task.Delay(20);
        }
        return [.. Messages];
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }

    private sealed class Store(ConcurrentQueue<MimeMessage> messages) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(
            ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            messages.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}
