using Orleans.Runtime;

namespace Sawmill.Grains.Cluster;

/// <summary>Reads the cluster's figures from Orleans' management grain.</summary>
public sealed class ClusterStatisticsReader(IGrainFactory grains)
{
    public async Task<ClusterStatistics> ReadAsync()
    {
        var management = grains.GetGrain<IManagementGrain>(0);
        var hosts = (await management.GetHosts(onlyActive: true)).Keys.ToArray();
        var runtime = hosts.Length == 0 ? [] : await management.GetRuntimeStatistics(hosts);
        var silos = hosts.Zip(runtime, (host, stats) => new SiloStatistics(
                host.ToString(), stats.ActivationCount, stats.EnvironmentStatistics.FilteredCpuUsagePercentage, stats.EnvironmentStatistics.FilteredMemoryUsageBytes, stats.ReceivedMessages, stats.SentMessages, stats.IsOverloaded))
            .ToList();
        var types = (await management.GetSimpleGrainStatistics())
            .GroupBy(s => ShortName(s.GrainType))
            .Select(g => new GrainTypeStatistics(g.Key, g.Sum(s => s.ActivationCount), g.Select(s => s.SiloAddress).Distinct().Count()))
            .OrderBy(t => t.GrainType, StringComparer.Ordinal)
            .ToList();
        return new ClusterStatistics(silos, types);
    }

    // "Sawmill.Grains.Nodes.NodeGrain,Sawmill.Grains" (a class with its assembly) reads as NodeGrain.
    private static string ShortName(string grainType)
    {
        var name = grainType.Split(',')[0];
        return name[(name.LastIndexOf('.') + 1)..];
    }
}
