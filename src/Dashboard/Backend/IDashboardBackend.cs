using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Cluster;

namespace Sawmill.Dashboard.Backend;

/// <summary>What the dashboard asks of the silo beyond its live feeds and the log search: the grains in process
/// (<see cref="InProcessDashboardBackend"/>), or a silo's HTTP API from a standalone dashboard host.</summary>
public interface IDashboardBackend
{
    /// <summary>The node with its status history and recent errors; null if it never reported.</summary>
    Task<NodeDetails?> GetNodeDetailsAsync(string nodeId, CancellationToken cancellationToken = default);

    /// <summary>The most recently seen alerts first, optionally of one status.</summary>
    Task<IReadOnlyList<Alert>> ListAlertsAsync(AlertStatus? status, int limit, CancellationToken cancellationToken = default);

    /// <summary>Acknowledges an open alert; null if there is no such alert.</summary>
    Task<Alert?> AcknowledgeAlertAsync(string alertId, string by, CancellationToken cancellationToken = default);

    /// <summary>Where the silo serves the Orleans Dashboard (grain calls, latencies, reminders, logs).</summary>
    string OrleansDashboardUrl { get; }

    /// <summary>Orleans' figures per silo and per grain type.</summary>
    Task<ClusterStatistics> GetClusterStatisticsAsync(CancellationToken cancellationToken = default);
}
