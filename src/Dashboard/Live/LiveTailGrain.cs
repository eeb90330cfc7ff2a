using Orleans.Streams;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Streams;

namespace Sawmill.Dashboard.Live;

/// <summary>Feeds the live tail in the silo: a consumer of its own on each all_logs partition (Orleans delivers to each
/// consumer separately), which only copies entries into the viewers' bounded queues, so it never slows ingestion.</summary>
[ImplicitStreamSubscription(Topics.AllLogs)]
public sealed class LiveTailGrain(LiveFeed feed) : StreamConsumerGrain, ILiveTailGrain
{
    public override Task OnNextAsync(IList<SequentialItem<SawmillMessage>> items)
    {
        if (feed.ClusterWide) return Task.CompletedTask;
        var messages = new SawmillMessage[items.Count];
        for (var i = 0; i < messages.Length; i++) messages[i] = items[i].Item;
        feed.Accept(messages);
        return Task.CompletedTask;
    }
}
