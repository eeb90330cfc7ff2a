using Microsoft.Extensions.Logging;
using Orleans.Streams;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Streams;

namespace Sawmill.Grains.Nodes;

/// <summary>Consumes one all_logs partition and hands each node grain its slice of every delivery with one direct call:
/// streams cost per batch, calls are cheap, and one call per node keeps that node's messages in order.</summary>
[ImplicitStreamSubscription(Topics.AllLogs)]
public sealed class NodePartitionGrain(ILogger<NodePartitionGrain> logger) : StreamConsumerGrain, INodePartitionGrain
{
    public override async Task OnNextAsync(IList<SequentialItem<SawmillMessage>> items)
    {
        var byNode = new Dictionary<string, (List<SawmillMessage> Messages, List<long> Sequences)>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var message = item.Item;
            if (!byNode.TryGetValue(message.NodeId, out var slice)) byNode[message.NodeId] = slice = ([], []);
            slice.Messages.Add(message);
            slice.Sequences.Add(item.Token.SequenceNumber);
        }
        await Task.WhenAll(byNode.Select(pair => ApplyAsync(pair.Key, new NodeBatch(pair.Value.Messages, pair.Value.Sequences))));
    }

    private async Task ApplyAsync(string nodeId, NodeBatch batch)
    {
        try
        {
            await GrainFactory.GetGrain<INodeGrain>(nodeId).ApplyAsync(batch);
        }
        catch (Exception ex)
        {
            // One node's failure must not redeliver the partition to every other node: it is logged and isolated.
            logger.LogError(ex, "Node {NodeId} could not apply {Count} messages of partition {Partition}", nodeId, batch.Messages.Count, this.GetPrimaryKeyString());
        }
    }
}
