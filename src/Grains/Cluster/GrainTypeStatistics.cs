namespace Sawmill.Grains.Cluster;

/// <summary>One grain class: its activations across the cluster and on how many silos they live.</summary>
public sealed record GrainTypeStatistics(string GrainType, int Activations, int Silos);
