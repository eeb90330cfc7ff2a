namespace Sawmill.Silo.Protocols.Syslog;

/// <summary>The syslog listener (section <c>Syslog</c>): RFC 5424 and RFC 3164 over UDP and TCP on one port.</summary>
public sealed class SyslogOptions
{
    public const string SectionName = "Syslog";

    public bool Enabled { get; set; } = true;

    /// <summary>UDP and TCP; 0 picks a free port (the same for both).</summary>
    public int Port { get; set; } = 5514;

    /// <summary>Where to listen; 0.0.0.0 for other machines' senders.</summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>The UDP socket's kernel receive buffer: what a burst can queue before the kernel drops datagrams
    /// (Linux caps it at net.core.rmem_max).</summary>
    public int UdpReceiveBufferBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>The largest frame taken; a longer one is counted and dropped.</summary>
    public int MaxMessageBytes { get; set; } = 64 * 1024;

    /// <summary>TCP connections at once; more are closed as they come.</summary>
    public int MaxConnections { get; set; } = 256;

    /// <summary>Frames published together at most.</summary>
    public int MaxBatch { get; set; } = 500;
}
