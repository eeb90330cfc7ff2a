using Sawmill.Grains.Interfaces;

namespace Sawmill.Grains.Streams;

/// <summary>One in-process topic partition: a bounded ring of messages, a cursor per consumer group,
/// and the acknowledgements publishers wait for until the durable sinks commit.</summary>
internal sealed class PartitionLog(string topic, int partition, int capacity)
{
    private readonly Lock _lock = new();
    private readonly TopicMessage[] _ring = new TopicMessage[capacity];
    private readonly List<ConsumerCursor> _cursors = [];
    private readonly Queue<PendingAck> _acks = new();
    private TaskCompletionSource _dataSignal = NewSignal();
    private TaskCompletionSource _spaceSignal = NewSignal();
    private long _start;
    private long _end;

    public int Partition => partition;

    /// <summary>Appends messages in order, waiting for room; the returned task completes when they are durable.</summary>
    public async ValueTask<Task> AppendAsync(IReadOnlyList<SawmillMessage> messages, TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var acks = new List<Task>(1);
        var written = 0;
        while (written < messages.Count)
        {
            Task roomFreed;
            lock (_lock)
            {
                // All-or-nothing per chunk, so a timed-out publish leaves no partial chunk behind.
                var wanted = Math.Min(messages.Count - written, capacity);
                var publishedAt = timeProvider.GetUtcNow();
                if (capacity - (_end - _start) >= wanted)
                {
                    var first = _end;
                    for (var i = 0; i < wanted; i++, _end++)
                    {
                        var message = messages[written + i];
                        _ring[_end % capacity] = new TopicMessage(message.NodeId, message, _end, publishedAt);
                    }
                    written += wanted;
                    if (_cursors.Count == 0) _start = _end;
                    if (_cursors.Exists(c => c.IsDurable))
                    {
                        var ack = new PendingAck(first, _end);
                        _acks.Enqueue(ack);
                        acks.Add(ack.Completion.Task);
                    }
                    Signal(ref _dataSignal);
                    continue;
                }
                roomFreed = _spaceSignal.Task;
            }
            try
            {
                await roomFreed.WaitAsync(timeout, timeProvider, cancellationToken);
            }
            catch (TimeoutException)
            {
                throw new TopicOverloadedException(topic, partition, timeout);
            }
        }
        return acks.Count switch { 0 => Task.CompletedTask, 1 => acks[0], _ => Task.WhenAll(acks) };
    }

    public ConsumerCursor AddCursor(string group, bool isDurable)
    {
        lock (_lock)
        {
            var cursor = new ConsumerCursor(group, isDurable) { Position = _start, Committed = _start };
            _cursors.Add(cursor);
            return cursor;
        }
    }

    public void RemoveCursor(ConsumerCursor cursor)
    {
        List<(PendingAck, Exception?)> completed;
        lock (_lock)
        {
            _cursors.Remove(cursor);
            completed = TrimAndResolve();
        }
        Complete(completed);
    }

    /// <summary>When the oldest message the group has not committed was published; null when the group is caught up.</summary>
    public DateTimeOffset? PendingSince(string group)
    {
        lock (_lock)
        {
            var cursor = _cursors.Find(c => c.Group == group);
            return cursor is not null && cursor.Committed < _end ? _ring[cursor.Committed % capacity].PublishedAt : null;
        }
    }

    /// <summary>The next messages after the cursor's position, waiting until there is at least one.</summary>
    public async ValueTask<IReadOnlyList<TopicMessage>> ReadAsync(ConsumerCursor cursor, int maxBatch, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task dataArrived;
            lock (_lock)
            {
                if (cursor.Position < _end)
                {
                    var count = (int)Math.Min(maxBatch, _end - cursor.Position);
                    var batch = new TopicMessage[count];
                    for (var i = 0; i < count; i++) batch[i] = _ring[(cursor.Position + i) % capacity];
                    cursor.Position += count;
                    return batch;
                }
                dataArrived = _dataSignal.Task;
            }
            await dataArrived.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Marks everything below <paramref name="offset"/> done for the cursor's group; a failure fails the
    /// publishes waiting on those messages when the group is a durable sink.</summary>
    public void Commit(ConsumerCursor cursor, long offset, Exception? failure)
    {
        List<(PendingAck, Exception?)> completed;
        lock (_lock)
        {
            if (failure is not null && cursor.IsDurable)
            {
                foreach (var ack in _acks)
                {
                    if (ack.Start < offset && ack.End > cursor.Committed) ack.Failure ??= failure;
                }
            }
            cursor.Committed = offset;
            completed = TrimAndResolve();
        }
        Complete(completed);
    }

    private List<(PendingAck, Exception?)> TrimAndResolve()
    {
        var newStart = _cursors.Count == 0 ? _end : _cursors.Min(c => c.Committed);
        for (var offset = _start; offset < newStart; offset++) _ring[offset % capacity] = default;
        if (newStart > _start)
        {
            _start = newStart;
            Signal(ref _spaceSignal);
        }

        var durable = _cursors.Where(c => c.IsDurable).ToList();
        var durableCommitted = durable.Count == 0 ? long.MaxValue : durable.Min(c => c.Committed);
        var completed = new List<(PendingAck, Exception?)>();
        while (_acks.TryPeek(out var ack) && ack.End <= durableCommitted)
        {
            _acks.Dequeue();
            var failure = ack.Failure ?? (durable.Count == 0 ? new InvalidOperationException($"Topic {topic} lost its durable sink before the messages were committed.") : null);
            completed.Add((ack, failure));
        }
        return completed;
    }

    private static void Complete(List<(PendingAck Ack, Exception? Failure)> completed)
    {
        foreach (var (ack, failure) in completed)
        {
            if (failure is null) ack.Completion.TrySetResult();
            else ack.Completion.TrySetException(failure);
        }
    }

    private static void Signal(ref TaskCompletionSource signal)
    {
        var fired = signal;
        signal = NewSignal();
        fired.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class PendingAck(long start, long end)
    {
        public long Start { get; } = start;
        public long End { get; } = end;
        public Exception? Failure { get; set; }
        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>Where a consumer group is in a partition: read up to Position, done below Committed.</summary>
internal sealed class ConsumerCursor(string group, bool isDurable)
{
    public string Group { get; } = group;
    public bool IsDurable { get; } = isDurable;
    public long Position { get; set; }
    public long Committed { get; set; }
}
