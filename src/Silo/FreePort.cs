using System.Net;
using System.Net.Sockets;

namespace Sawmill.Silo;

/// <summary>A TCP port on loopback that nothing listens on right now.</summary>
internal static class FreePort
{
    public static int Pick()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
