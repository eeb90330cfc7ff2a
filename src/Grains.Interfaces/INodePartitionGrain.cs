namespace Sawmill.Grains.Interfaces;

/// <summary>Consumes one all_logs partition (the key) and hands each node its slice of every batch.</summary>
[Alias("Sawmill.INodePartitionGrain")]
public interface INodePartitionGrain : IGrainWithStringKey;
