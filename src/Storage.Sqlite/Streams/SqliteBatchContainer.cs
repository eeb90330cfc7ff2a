using Orleans.Providers.Streams.Common;
using Orleans.Runtime;
using Orleans.Streams;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Streams;

namespace Sawmill.Storage.Sqlite.Streams;

/// <summary>One appended batch of a stream: many messages in one container, which is what Orleans streams cost per.</summary>
[GenerateSerializer, Immutable, Alias("Sawmill.SqliteBatchContainer")]
public sealed class SqliteBatchContainer : IBatchContainer
{
    [Id(0)]
    public required StreamId StreamId { get; init; }

    /// <summary>The row id in the stream log: increasing within a queue, never reused.</summary>
    [Id(1)]
    public required EventSequenceTokenV2 Token { get; init; }

    [Id(2)]
    public required SawmillMessage[] Messages { get; init; }

    /// <summary>When ingestion appended it (the consumer lag is measured against this).</summary>
    [Id(3)]
    public required DateTimeOffset EnqueuedAt { get; init; }

    public StreamSequenceToken SequenceToken => Token;

    public long Sequence => Token.SequenceNumber;

    public IEnumerable<Tuple<T, StreamSequenceToken>> GetEvents<T>() => SawmillBatch.Events<T>(Messages, Token);

    public bool ImportRequestContext() => false;
}
