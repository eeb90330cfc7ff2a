using System.Collections.Concurrent;
using Sawmill.Grains.Interfaces;

namespace Sawmill.Grains.Nodes;

/// <summary>The node list as the API shows it: every node grain posts its summary here when it changes,
/// and the silo loads the stored ones at start, so listing nodes activates no grain.</summary>
public sealed class NodeRegistry
{
    private readonly ConcurrentDictionary<string, NodeSummary> _nodes = new(StringComparer.Ordinal);

    public int Count => _nodes.Count;

    /// <summary>Raised after a node's summary changed here, posted by a grain of this silo or applied from another's
    /// (the dashboard's live node map listens).</summary>
    public event Action<NodeSummary>? Changed;

    /// <summary>Raised when a node grain of this silo posted its summary: a cluster-wide directory shares it with the
    /// other silos.</summary>
    public event Action<NodeSummary>? Posted;

    /// <summary>A node grain of this silo reports its summary.</summary>
    public void Post(NodeSummary node)
    {
        Update(node);
        Posted?.Invoke(node);
    }

    /// <summary>Takes a summary as the node's latest (from this silo's grains, another silo's, or a remote silo's API).</summary>
    public void Update(NodeSummary node)
    {
        _nodes[node.NodeId] = node;
        Changed?.Invoke(node);
    }

    /// <summary>Adds a stored node unless its grain already posted something fresher.</summary>
    public void Restore(NodeSummary node) => _nodes.TryAdd(node.NodeId, node);

    /// <summary>Every node, in no order (cheaper than <see cref="List"/> for a scan).</summary>
    public IEnumerable<NodeSummary> All => _nodes.Values;

    public bool TryGet(string nodeId, out NodeSummary node) => _nodes.TryGetValue(nodeId, out node!);

    /// <summary>Nodes by service, then node id; optionally of one status or service.</summary>
    public IReadOnlyList<NodeSummary> List(NodeStatus? status = null, string? service = null) => _nodes.Values
        .Where(n => (status is null || n.Status == status) && (service is null || n.ServiceName == service))
        .OrderBy(n => n.ServiceName, StringComparer.Ordinal)
        .ThenBy(n => n.NodeId, StringComparer.Ordinal)
        .ToList();
}
