using System.Threading.Channels;
using Orleans.Streams;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Streams;

namespace Sawmill.Grains.Tests.Support;

/// <summary>Every NODE_FAILURE and NODE_RECOVERED a test silo's node_failure topic carried, in order.</summary>
public sealed class NodeEventProbe
{
    public Channel<SawmillMessage> Events { get; } = Channel.CreateUnbounded<SawmillMessage>();
}

/// <summary>A consumer of node_failure of the test silo, as the alert grain is one: it copies what it gets to the probe.</summary>
[ImplicitStreamSubscription(Topics.NodeFailure)]
public sealed class NodeEventProbeGrain(NodeEventProbe probe) : StreamConsumerGrain, INodeEventProbeGrain
{
    public override Task OnNextAsync(IList<SequentialItem<SawmillMessage>> items)
    {
        foreach (var item in items) probe.Events.Writer.TryWrite(item.Item);
        return Task.CompletedTask;
    }
}

public interface INodeEventProbeGrain : IGrainWithStringKey;
