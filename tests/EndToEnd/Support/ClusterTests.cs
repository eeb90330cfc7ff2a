namespace Sawmill.EndToEnd.Support;

/// <summary>The tests that run a cluster of silo processes, one at a time: two clusters at once on 2 cores would
/// measure the machine, not failover.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterTests
{
    public const string Name = "clusters of silo processes";
}
