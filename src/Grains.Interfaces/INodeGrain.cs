namespace Sawmill.Grains.Interfaces;

/// <summary>One node's registration, liveness and counters; fed from all_logs, keyed by node_id.</summary>
public interface INodeGrain : IGrainWithStringKey, ITopicSubscriber
{
    /// <summary>The node with its status history and recent errors; null if the node never reported.</summary>
    ValueTask<NodeDetails?> GetDetailsAsync();
}
