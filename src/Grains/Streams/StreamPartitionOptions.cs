namespace Sawmill.Grains.Streams;

/// <summary>How the all_logs topic is partitioned (section <c>Streams</c>).</summary>
public sealed class StreamPartitionOptions
{
    public const string SectionName = "Streams";

    /// <summary>Partitions of all_logs: a node_id hashes to one (<see cref="KeyPartitioner"/>), whose stream, queue and
    /// consumer grains keep that node's messages in order. Changing it re-homes nodes: keep it across restarts.</summary>
    public int Partitions { get; set; } = 4;

    /// <summary>The partition of a node.</summary>
    public int PartitionOf(string nodeId) => KeyPartitioner.Partition(nodeId, Partitions);
}
