namespace Sawmill.Client;

/// <summary>Where and how a service ships its logs (section <c>Sawmill</c>).</summary>
public sealed class SawmillClientOptions
{
    public const string SectionName = "Sawmill";

    /// <summary>The silo's base address, e.g. http://localhost:5080.</summary>
    public Uri Endpoint { get; set; } = new("http://localhost:5080");

    /// <summary>An API key with the ingest scope, sent as <c>Authorization: Bearer</c>; needed when the silo requires keys.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The service's name (required).</summary>
    public string ServiceName { get; set; } = "";

    /// <summary>This instance's id; by default service-host-pid.</summary>
    public string? NodeId { get; set; }

    /// <summary>Extra registration fields (version, region ...).</summary>
    public Dictionary<string, string> Metadata { get; set; } = [];

    /// <summary>Entries per request at most.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>A partial batch is sent after this long.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Entries kept while the silo is unreachable; beyond it the oldest are dropped (and counted). Logging never blocks.</summary>
    public int BufferCapacity { get; set; } = 10_000;

    /// <summary>SPEC: 2 s; the silo declares a node failed after 3 missed beats.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The first retry delay; it doubles per failure up to <see cref="MaxRetryDelay"/>, with jitter.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Compress request bodies.</summary>
    public bool Gzip { get; set; } = true;

    /// <summary>How long shutdown may take to flush what is buffered.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(5);

    internal string ResolvedNodeId => string.IsNullOrWhiteSpace(NodeId)
        ? $"{ServiceName.ToLowerInvariant()}-{Environment.MachineName.ToLowerInvariant()}-{Environment.ProcessId}"
        : NodeId;
}
