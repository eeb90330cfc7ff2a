using Orleans.Providers.Streams.Common;
using Orleans.Runtime;
using Orleans.Streams;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Streams;

namespace Sawmill.Streams.Kafka;

/// <summary>One Kafka message of a topic: a stream batch of many Sawmill messages; its offset is its sequence token.</summary>
[GenerateSerializer, Immutable, Alias("Sawmill.KafkaBatchContainer")]
public sealed class KafkaBatchContainer : IBatchContainer
{
    [Id(0)]
    public required StreamId StreamId { get; init; }

    /// <summary>The Kafka offset in its partition + 1: consumers take sequence 0 for "nothing applied yet" (the
    /// node grains skip a redelivered batch whose sequence they already passed).</summary>
    [Id(1)]
    public required EventSequenceTokenV2 Token { get; init; }

    [Id(2)]
    public required SawmillMessage[] Messages { get; init; }

    /// <summary>When ingestion produced it (Kafka's message timestamp).</summary>
    [Id(3)]
    public required DateTimeOffset EnqueuedAt { get; init; }

    public StreamSequenceToken SequenceToken => Token;

    public long Offset => Token.SequenceNumber - 1;

    public static EventSequenceTokenV2 TokenOf(long offset) => new(offset + 1);

    public IEnumerable<Tuple<T, StreamSequenceToken>> GetEvents<T>() => SawmillBatch.Events<T>(Messages, Token);

    public bool ImportRequestContext() => false;
}

/// <summary>What a Kafka message's value holds: the stream and its messages, serialised by Orleans.</summary>
[GenerateSerializer, Immutable, Alias("Sawmill.KafkaPayload")]
public sealed record KafkaPayload([property: Id(0)] StreamId StreamId, [property: Id(1)] SawmillMessage[] Messages);
