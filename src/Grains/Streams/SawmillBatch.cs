using Orleans.Providers.Streams.Common;
using Orleans.Streams;
using Sawmill.Grains.Interfaces;

namespace Sawmill.Grains.Streams;

/// <summary>What every Sawmill stream provider does with a batch the same way: take the events a publisher hands its
/// queue adapter as messages, and hand a container's messages to Orleans as events with their tokens.</summary>
public static class SawmillBatch
{
    /// <summary>The events of <c>IQueueAdapter.QueueMessageBatchAsync</c> as Sawmill messages.</summary>
    /// <exception cref="ArgumentException">An event is not a Sawmill message.</exception>
    public static SawmillMessage[] Messages<T>(string topic, IEnumerable<T> events) => events switch
    {
        SawmillMessage[] array => array,
        _ => events.Select(e => e as SawmillMessage ?? throw new ArgumentException($"Topic {topic} carries Sawmill messages, not {e?.GetType().Name}.", nameof(events))).ToArray(),
    };

    /// <summary><c>IBatchContainer.GetEvents</c>: the messages of type <typeparamref name="T"/>, each with its token.</summary>
    public static IEnumerable<Tuple<T, StreamSequenceToken>> Events<T>(SawmillMessage[] messages, EventSequenceTokenV2 token)
    {
        for (var i = 0; i < messages.Length; i++)
        {
            if (messages[i] is T message) yield return Tuple.Create(message, (StreamSequenceToken)token.CreateSequenceTokenForEvent(i));
        }
    }
}
