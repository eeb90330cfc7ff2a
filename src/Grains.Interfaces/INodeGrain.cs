namespace Sawmill.Grains.Interfaces;

/// <summary>One node's registration, liveness and counters, keyed by node_id; fed by its all_logs partition.</summary>
[Alias("Sawmill.INodeGrain")]
public interface INodeGrain : IGrainWithStringKey
{
    /// <summary>Applies the node's messages of one stream delivery, in order; messages already applied are skipped.</summary>
    [Alias("Apply")]
    ValueTask ApplyAsync(NodeBatch batch);

    /// <summary>Declares the node failed if its heartbeat timeout has passed (the restart backstop's call, which also
    /// re-activates the grain and so its timer).</summary>
    [Alias("CheckLiveness")]
    ValueTask CheckLivenessAsync();

    /// <summary>The node with its status history and recent errors; null if the node never reported.</summary>
    [Alias("GetDetails")]
    ValueTask<NodeDetails?> GetDetailsAsync();
}
