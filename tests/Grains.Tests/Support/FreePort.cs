using System.Net;
using System.Net.Sockets;

namespace Sawmill.Grains.Tests.Support;

/// <summary>A TCP port on loopback that nothing listens on right now (for a test silo's endpoint, or a silo to come).</summary>
public static class FreePort
{
    public static int Pick()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
