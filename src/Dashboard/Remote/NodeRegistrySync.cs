using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Nodes;

namespace Sawmill.Dashboard.Remote;

/// <summary>Keeps a standalone dashboard's node registry in step with a silo's <c>GET /api/v1/nodes</c>, re-read every
/// <see cref="RemoteSiloOptions.NodeRefresh"/>; only nodes that changed are posted, so the pages re-render as in the silo.</summary>
public sealed class NodeRegistrySync(
    SiloApiClient silo,
    NodeRegistry registry,
    IOptions<RemoteSiloOptions> options,
    TimeProvider timeProvider,
    ILogger<NodeRegistrySync> logger) : BackgroundService
{
    private readonly Dictionary<string, NodeVersion> _seen = new(StringComparer.Ordinal);
    private bool _failing;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.NodeRefresh, timeProvider);
        do
        {
            try
            {
                Apply(await silo.ListNodesAsync(stoppingToken));
                _failing = false;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                if (!_failing) logger.LogWarning("Cannot read the silo's nodes ({Reason}); retrying every {Period}", ex.Message, options.Value.NodeRefresh);
                _failing = true;
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try { return await timer.WaitForNextTickAsync(stoppingToken); }
        catch (OperationCanceledException) { return false; }
    }

    private void Apply(IReadOnlyList<NodeSummary> nodes)
    {
        foreach (var node in nodes)
        {
            var version = NodeVersion.Of(node);
            if (_seen.TryGetValue(node.NodeId, out var seen) && seen == version) continue;
            _seen[node.NodeId] = version;
            registry.Update(node);
        }
    }

    /// <summary>What tells a changed summary (its dictionaries compare by reference, so the record's equality cannot).</summary>
    private readonly record struct NodeVersion(NodeStatus Status, DateTimeOffset? LastHeartbeat, DateTimeOffset? LastSeen, long Entries, string? LastError)
    {
        public static NodeVersion Of(NodeSummary node)
            => new(node.Status, node.LastHeartbeat, node.LastSeen, node.Counts.Values.Sum(), node.LastError?.LogId);
    }
}
