using System.Net;

namespace Sawmill.Silo;

/// <summary>How a silo joins a cluster of several (section <c>Cluster</c>); without <see cref="Redis"/> it is the one
/// silo of the embedded mode.</summary>
public sealed class ClusterSettings
{
    public const string SectionName = "Cluster";

    /// <summary>The Redis holding membership, grain state and reminders (StackExchange.Redis syntax); needs Kafka streams.</summary>
    public string? Redis { get; set; }

    /// <summary>The silos of one cluster share it; another id on the same Redis is another cluster.</summary>
    public string ClusterId { get; set; } = "sawmill";

    /// <summary>The address other silos reach this one at (loopback for a cluster on one machine).
    /// An IP address or a host name (a container's, in compose.yaml), resolved at start.</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    public IPAddress Address => IPAddress.TryParse(AdvertisedAddress, out var address) ? address
        : Dns.GetHostAddresses(AdvertisedAddress).FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
          ?? throw new FormatException($"Cluster:AdvertisedAddress '{AdvertisedAddress}' is neither an IP address nor a host name with an IPv4 address.");
}
