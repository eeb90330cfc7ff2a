namespace Sawmill.Grains.Cluster;

/// <summary>GET /api/v1/runtime/grains's answer: Orleans' own figures for every silo and every grain type.</summary>
public sealed record ClusterStatistics(IReadOnlyList<SiloStatistics> Silos, IReadOnlyList<GrainTypeStatistics> GrainTypes);
