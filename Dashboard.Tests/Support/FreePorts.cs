using System.Net;
using System.Net.Sockets;

namespace Dashboard.Tests.Support;

/// <summary>
/// Ports for the servers the tests (and the benchmark) start: silos, hosts, PostgreSQL, Redis, InfluxDB, the proxy.
/// Each is handed out once per run, from below Linux's ephemeral range (32768–60999). A port found free by binding
/// port 0 comes from that range, and once the probe closes it the kernel may give it to any outgoing connection or to
/// another port-0 probe before the server binds it: CI saw a silo fail with "Address already in use" so.
/// </summary>
public static class FreePorts
{
    private const int First = 20_000, Last = 32_000;
    // A different start per run, so a run does not meet ports an earlier one's leftover process still holds.
    private static int _next = First + Random.Shared.Next(0, (Last - First) / 2);

    public static int Next()
    {
        for (var tries = 0; tries < Last - First; tries++)
        {
            var port = Interlocked.Increment(ref _next);
            if (port > Last)
            {
                Interlocked.CompareExchange(ref _next, First, port);
                continue;
            }
            if (IsFree(port))
                return port;
        }
        throw new InvalidOperationException($"No free port between {First} and {Last}.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
