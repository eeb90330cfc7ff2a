namespace Sawmill.Grains.Cluster;

/// <summary>One silo as Orleans' management grain reports it (its runtime statistics, refreshed by Orleans every few seconds).</summary>
public sealed record SiloStatistics(
    string Address,
    int Activations,
    float CpuUsagePercent,
    long MemoryUsageBytes,
    long ReceivedMessages,
    long SentMessages,
    bool IsOverloaded);
