using System.Net;
using System.Net.Sockets;

namespace Sawmill.Grains.Tests.Support;

/// <summary>A TCP port on loopback that nothing listens on right now (for a test silo's endpoint, or a silo to come).</summary>
public static class FreePort
{
    // Below Linux's ephemeral range (32768-60999): a port picked here and bound a moment later cannot be taken in
    // between by a socket bound to port 0 (Kestrel's, a client's), which the kernel serves from that range.
    private const int First = 20_000;
    private const int Last = 32_000;

    public static int Pick()
    {
        for (var attempt = 0; ; attempt++)
        {
            var port = Random.Shared.Next(First, Last);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException) when (attempt < 100)
            {
                // Taken: try another.
            }
        }
    }
}
