using Sawmill.Grains.Alerting;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Nodes;
using Sawmill.Grains.Runtime;

namespace Sawmill.Dashboard.Backend;

/// <summary>The dashboard hosted by the silo: grains, stores and runtime in the same process.</summary>
public sealed class InProcessDashboardBackend(IGrainFactory grains, NodeRegistry registry, IAlertStore alerts, GrainRuntime runtime) : IDashboardBackend
{
    public async Task<NodeDetails?> GetNodeDetailsAsync(string nodeId, CancellationToken cancellationToken = default)
        // Only nodes that reported have a grain worth activating (as the API does).
        => registry.TryGet(nodeId, out _) ? await grains.GetGrain<INodeGrain>(nodeId).GetDetailsAsync() : null;

    public async Task<IReadOnlyList<Alert>> ListAlertsAsync(AlertStatus? status, int limit, CancellationToken cancellationToken = default)
        => await alerts.ListAsync(status, limit, cancellationToken);

    public async Task<Alert?> AcknowledgeAlertAsync(string alertId, string by, CancellationToken cancellationToken = default)
        => await grains.GetGrain<IAlertGrain>(ImplicitStreamSubscriptionAttribute.SingleGrainKey).AcknowledgeAsync(alertId, by);

    public Task<IReadOnlyList<GrainTypeMetrics>> GetGrainMetricsAsync(CancellationToken cancellationToken = default)
        => Task.FromResult(runtime.GetMetrics());
}
