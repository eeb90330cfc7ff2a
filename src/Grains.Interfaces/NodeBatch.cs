namespace Sawmill.Grains.Interfaces;

/// <summary>A node's messages from one all_logs delivery, in stream order, each with the sequence number of the
/// stream batch it came in (increasing within the partition), so a redelivered batch is recognised.</summary>
[GenerateSerializer, Immutable, Alias("Sawmill.NodeBatch")]
public sealed record NodeBatch([property: Id(0)] IReadOnlyList<SawmillMessage> Messages, [property: Id(1)] IReadOnlyList<long> Sequences);
