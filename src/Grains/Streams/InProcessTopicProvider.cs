using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sawmill.Grains.Interfaces;

namespace Sawmill.Grains.Streams;

/// <summary>The embedded mode's topics: bounded partitions in memory, ordered per key, at-least-once per group.</summary>
public sealed class InProcessTopicProvider(IOptions<TopicOptions> options, TimeProvider timeProvider, ILogger<InProcessTopicProvider> logger) : ITopicProvider
{
    private readonly TopicOptions _options = options.Value;
    private readonly TimeProvider _timeProvider = timeProvider;
    private readonly ILogger _logger = logger;
    private readonly ConcurrentDictionary<string, PartitionLog[]> _topics = new();
    private readonly ConcurrentDictionary<InProcessSubscription, byte> _subscriptions = new();

    public async ValueTask PublishAsync(string topic, IReadOnlyList<SawmillMessage> messages, CancellationToken cancellationToken = default)
    {
        var partitions = Partitions(topic);
        var byPartition = new List<SawmillMessage>?[partitions.Length];
        foreach (var message in messages)
        {
            (byPartition[KeyPartitioner.Partition(message.NodeId, partitions.Length)] ??= []).Add(message);
        }

        var acks = new List<Task>(partitions.Length);
        for (var p = 0; p < partitions.Length; p++)
        {
            if (byPartition[p] is { } chunk)
            {
                acks.Add(await partitions[p].AppendAsync(chunk, _options.PublishTimeout, _timeProvider, cancellationToken));
            }
        }
        await Task.WhenAll(acks).WaitAsync(cancellationToken);
    }

    public DateTimeOffset? PendingSince(string topic, string group, string key)
    {
        var partitions = Partitions(topic);
        return partitions[KeyPartitioner.Partition(key, partitions.Length)].PendingSince(group);
    }

    public ITopicSubscriptionHandle Subscribe(TopicSubscription subscription)
    {
        var handle = new InProcessSubscription(this, subscription, Partitions(subscription.Topic));
        _subscriptions.TryAdd(handle, 0);
        return handle;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var subscription in _subscriptions.Keys) await subscription.DisposeAsync();
    }

    private PartitionLog[] Partitions(string topic) => _topics.GetOrAdd(topic, name =>
        Enumerable.Range(0, _options.Partitions).Select(p => new PartitionLog(name, p, _options.PartitionCapacity)).ToArray());

    /// <summary>One consumer group: a loop per partition that reads, delivers with retries, and commits.</summary>
    private sealed class InProcessSubscription : ITopicSubscriptionHandle
    {
        private readonly InProcessTopicProvider _owner;
        private readonly TopicSubscription _subscription;
        private readonly PartitionLog[] _partitions;
        private readonly ConsumerCursor[] _cursors;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task[] _loops;

        public InProcessSubscription(InProcessTopicProvider owner, TopicSubscription subscription, PartitionLog[] partitions)
        {
            _owner = owner;
            _subscription = subscription;
            _partitions = partitions;
            _cursors = partitions.Select(p => p.AddCursor(subscription.Group, subscription.IsDurableSink)).ToArray();
            _loops = partitions.Select((p, i) => Task.Run(() => ConsumeAsync(p, _cursors[i]))).ToArray();
        }

        public IReadOnlyList<long> CommittedOffsets => _cursors.Select(c => c.Committed).ToList();

        private async Task ConsumeAsync(PartitionLog partition, ConsumerCursor cursor)
        {
            var options = _owner._options;
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    var messages = await partition.ReadAsync(cursor, options.MaxBatchSize, _stop.Token);
                    var batch = new TopicBatch(_subscription.Topic, partition.Partition, messages);
                    var failure = await DeliverAsync(batch, options);
                    partition.Commit(cursor, messages[^1].Offset + 1, failure);
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                // Stopping: what was read and not committed is not acknowledged.
            }
        }

        private async Task<Exception?> DeliverAsync(TopicBatch batch, TopicOptions options)
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await _subscription.Handler(batch, _stop.Token);
                    return null;
                }
                catch (Exception ex) when (!_stop.IsCancellationRequested)
                {
                    if (attempt >= options.MaxDeliveryAttempts)
                    {
                        _owner._logger.LogError(ex, "Group {Group} gave up {Count} messages of {Topic}/{Partition} after {Attempts} attempts",
                            _subscription.Group, batch.Messages.Count, batch.Topic, batch.Partition, attempt);
                        return ex;
                    }
                    _owner._logger.LogWarning(ex, "Group {Group} failed a batch of {Topic}/{Partition} (attempt {Attempt}); retrying",
                        _subscription.Group, batch.Topic, batch.Partition, attempt);
                    await Task.Delay(options.RetryBackoff * Math.Pow(2, attempt - 1), _owner._timeProvider, _stop.Token);
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (!_owner._subscriptions.TryRemove(this, out _)) return;
            await _stop.CancelAsync();
            await Task.WhenAll(_loops);
            for (var i = 0; i < _partitions.Length; i++) _partitions[i].RemoveCursor(_cursors[i]);
        }
    }
}
