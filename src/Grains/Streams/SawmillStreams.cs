using Orleans.Runtime;
using Sawmill.Grains.Interfaces;

namespace Sawmill.Grains.Streams;

/// <summary>The stream ids of the topics: all_logs per partition, critical_logs and node_failure under one key.</summary>
public static class SawmillStreams
{
    public static StreamId AllLogs(int partition) => StreamId.Create(Topics.AllLogs, partition.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static StreamId CriticalLogs { get; } = StreamId.Create(Topics.CriticalLogs, Topics.AlertsKey);

    public static StreamId NodeFailure { get; } = StreamId.Create(Topics.NodeFailure, Topics.AlertsKey);

    /// <summary>The partition an all_logs stream key names, or -1 for another key.</summary>
    public static int PartitionOf(StreamId streamId) => PartitionOf(streamId.GetKeyAsString());

    /// <summary>The partition a stream key (or a partition grain's key) names, or -1 for another key.</summary>
    public static int PartitionOf(string key)
        => int.TryParse(key, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var partition) ? partition : -1;
}
