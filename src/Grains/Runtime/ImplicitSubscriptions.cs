using System.Reflection;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Streams;

namespace Sawmill.Grains.Runtime;

/// <summary>Turns <see cref="ImplicitStreamSubscriptionAttribute"/>s into consumer groups that call grains.</summary>
internal static class ImplicitSubscriptions
{
    public static IEnumerable<TopicSubscription> For(GrainRuntime runtime, GrainType type) =>
        type.Class.GetCustomAttributes<ImplicitStreamSubscriptionAttribute>().Select(attribute =>
        {
            if (!typeof(ITopicSubscriber).IsAssignableFrom(type.Class))
            {
                throw new InvalidOperationException($"{type.Name} subscribes to {attribute.Topic} but does not implement ITopicSubscriber.");
            }
            Func<TopicBatch, CancellationToken, ValueTask> handler = attribute.Routing switch
            {
                StreamRouting.ByPartition => (batch, ct) => DeliverAsync(runtime, type, batch.Partition.ToString(System.Globalization.CultureInfo.InvariantCulture), batch, ct),
                StreamRouting.SingleGrain => (batch, ct) => DeliverAsync(runtime, type, ImplicitStreamSubscriptionAttribute.SingleGrainKey, batch, ct),
                _ => (batch, ct) => DeliverByKeyAsync(runtime, type, batch, ct),
            };
            return new TopicSubscription(attribute.Topic, type.Name, handler) { IsDurableSink = attribute.IsDurableSink };
        });

    private static async ValueTask DeliverByKeyAsync(GrainRuntime runtime, GrainType type, TopicBatch batch, CancellationToken cancellationToken)
    {
        // One call per key keeps each key's messages in order; different keys run on their own activations in parallel.
        var byKey = new Dictionary<string, List<TopicMessage>>(StringComparer.Ordinal);
        foreach (var message in batch.Messages)
        {
            if (!byKey.TryGetValue(message.Key, out var list)) byKey[message.Key] = list = [];
            list.Add(message);
        }
        await Task.WhenAll(byKey.Select(pair =>
            DeliverAsync(runtime, type, pair.Key, batch with { Messages = pair.Value }, cancellationToken).AsTask()));
    }

    private static async ValueTask DeliverAsync(GrainRuntime runtime, GrainType type, string key, TopicBatch batch, CancellationToken cancellationToken)
        => await runtime.InvokeAsync(type, key, nameof(ITopicSubscriber.OnNextBatchAsync), async grain =>
        {
            await ((ITopicSubscriber)grain).OnNextBatchAsync(batch);
            return null;
        }, cancellationToken);
}
