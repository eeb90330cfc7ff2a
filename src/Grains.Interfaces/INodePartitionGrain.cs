namespace Sawmill.Grains.Interfaces;

/// <summary>Consumes one all_logs partition (the key), hands each node its slice of every batch, and is the liveness
/// backstop of the partition's nodes: its reminder makes them check their timeout, re-activating them after a restart.</summary>
[Alias("Sawmill.INodePartitionGrain")]
public interface INodePartitionGrain : IGrainWithStringKey
{
    /// <summary>Registers the partition's reminder and has its watched nodes check their liveness now (at silo start).</summary>
    [Alias("Start")]
    ValueTask StartAsync();
}
