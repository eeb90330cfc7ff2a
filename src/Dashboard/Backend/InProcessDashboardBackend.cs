using Orleans;
using Sawmill.Grains.Alerting;
using Sawmill.Grains.Cluster;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Nodes;

namespace Sawmill.Dashboard.Backend;

/// <summary>The dashboard hosted by the silo: grains, stores and Orleans' management grain in the same process.</summary>
public sealed class InProcessDashboardBackend(IGrainFactory grains, NodeRegistry registry, IAlertStore alerts, ClusterStatisticsReader cluster) : IDashboardBackend
{
    public async Task<NodeDetails?> GetNodeDetailsAsync(string nodeId, CancellationToken cancellationToken = default)
        // Only nodes that reported have a grain worth activating (as the API does).
        => registry.TryGet(nodeId, out _) ? await grains.GetGrain<INodeGrain>(nodeId).GetDetailsAsync() : null;

    public async Task<IReadOnlyList<Alert>> ListAlertsAsync(AlertStatus? status, int limit, CancellationToken cancellationToken = default)
        => await alerts.ListAsync(status, limit, cancellationToken);

    public async Task<Alert?> AcknowledgeAlertAsync(string alertId, string by, CancellationToken cancellationToken = default)
        => await grains.GetGrain<IAlertGrain>(Topics.AlertsKey).AcknowledgeAsync(alertId, by);

    public string OrleansDashboardUrl => "orleans/";

    public Task<ClusterStatistics> GetClusterStatisticsAsync(CancellationToken cancellationToken = default) => cluster.ReadAsync();
}
