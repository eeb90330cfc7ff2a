using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Orleans.Streams;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Streams;

namespace Sawmill.Grains.Nodes;

/// <summary>Consumes one all_logs partition and hands each node grain its slice of every delivery with one direct call:
/// streams cost per batch, calls are cheap, and one call per node keeps that node's messages in order. It is also the
/// partition's liveness backstop: one durable reminder per partition, rather than one per node (each Orleans reminder
/// runs a loop of its own, which at 100k nodes costs a core and hundreds of MiB), makes the watched nodes check their
/// timeout, so a node grain that lost its activation (a silo restart) runs its timer again.</summary>
[ImplicitStreamSubscription(Topics.AllLogs)]
public sealed class NodePartitionGrain(
    NodeRegistry registry,
    IOptions<NodeHealthOptions> health,
    IOptions<StreamPartitionOptions> partitioning,
    ILogger<NodePartitionGrain> logger) : StreamConsumerGrain, INodePartitionGrain, IRemindable
{
    public const string LivenessReminder = "liveness";

    // Checks in flight at once when the backstop wakes a partition's nodes.
    private const int CheckConcurrency = 1024;

    private bool _reminderRegistered;

    public override async Task OnNextAsync(IList<SequentialItem<SawmillMessage>> items)
    {
        await EnsureReminderAsync();
        var byNode = new Dictionary<string, (List<SawmillMessage> Messages, List<long> Sequences)>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var message = item.Item;
            if (!byNode.TryGetValue(message.NodeId, out var slice)) byNode[message.NodeId] = slice = ([], []);
            slice.Messages.Add(message);
            slice.Sequences.Add(item.Token.SequenceNumber);
        }
        // One node's failure must not redeliver the partition to every other node: it is logged and isolated.
        await Task.WhenAll(byNode.Select(pair => CallNodeAsync(pair.Key, node => node.ApplyAsync(new NodeBatch(pair.Value.Messages, pair.Value.Sequences)), "apply its messages")));
    }

    public async ValueTask StartAsync()
    {
        await EnsureReminderAsync();
        await CheckWatchedNodesAsync();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == LivenessReminder) await CheckWatchedNodesAsync();
    }

    private async Task EnsureReminderAsync()
    {
        if (_reminderRegistered) return;
        await this.RegisterOrUpdateReminder(LivenessReminder, health.Value.ReminderPeriod, health.Value.ReminderPeriod);
        _reminderRegistered = true;
    }

    /// <summary>Every node of this partition the registry lists as UP and watched checks its timeout.</summary>
    private async Task CheckWatchedNodesAsync()
    {
        var partition = SawmillStreams.PartitionOf(this.GetPrimaryKeyString());
        var watched = registry.All
            .Where(n => n is { Status: NodeStatus.Up, LastHeartbeat: not null } && partitioning.Value.PartitionOf(n.NodeId) == partition)
            .Select(n => n.NodeId)
            .ToList();
        foreach (var chunk in watched.Chunk(CheckConcurrency))
        {
            await Task.WhenAll(chunk.Select(nodeId => CallNodeAsync(nodeId, node => node.CheckLivenessAsync(), "check its liveness")));
        }
    }

    /// <summary>Calls one node grain; a failure is logged and stays that node's.</summary>
    private async Task CallNodeAsync(string nodeId, Func<INodeGrain, ValueTask> call, string what)
    {
        try
        {
            await call(GrainFactory.GetGrain<INodeGrain>(nodeId));
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Node {NodeId} of partition {Partition} could not {What}", nodeId, this.GetPrimaryKeyString(), what);
        }
    }
}
