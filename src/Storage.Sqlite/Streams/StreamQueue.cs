using Orleans.Streams;

namespace Sawmill.Storage.Sqlite.Streams;

/// <summary>One queue of the stream log in memory: its committed batches in sequence order, from the oldest not yet
/// confirmed delivered (rows still in the log) to the newest, how far the receiver has read, and room for publishers.</summary>
internal sealed class StreamQueue(string topic, int queue, int capacity)
{
    /// <summary>The most messages an unread batch grows to by taking in later appends of its stream.</summary>
    public const int MaxMergedMessages = 4096;

    private readonly Lock _lock = new();
    private readonly LinkedList<SqliteBatchContainer> _pending = new();
    private LinkedListNode<SqliteBatchContainer>? _nextToRead;
    private long _messages;
    private long _reserved;
    private long _lastAdded;
    private long _confirmed;
    private TaskCompletionSource _room = NewSignal();

    public string Topic => topic;

    public int Queue => queue;

    /// <summary>Messages reserved or committed and not yet confirmed delivered.</summary>
    public long Depth
    {
        get { lock (_lock) return _messages + _reserved; }
    }

    /// <summary>Takes room for <paramref name="count"/> messages, waiting while the queue is full; false on timeout.
    /// A batch larger than the whole capacity still goes through an empty queue.</summary>
    public async Task<bool> ReserveAsync(int count, TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var deadline = timeProvider.GetUtcNow() + timeout;
        while (true)
        {
            Task room;
            lock (_lock)
            {
                var used = _messages + _reserved;
                if (used == 0 || used + count <= capacity)
                {
                    _reserved += count;
                    return true;
                }
                room = _room.Task;
            }
            var left = deadline - timeProvider.GetUtcNow();
            if (left <= TimeSpan.Zero) return false;
            try
            {
                await room.WaitAsync(left, timeProvider, cancellationToken);
            }
            catch (TimeoutException)
            {
                return false;
            }
        }
    }

    /// <summary>Gives back a reservation whose batch was not written.</summary>
    public void Release(int count)
    {
        TaskCompletionSource signal;
        lock (_lock)
        {
            _reserved -= count;
            signal = SwapSignal();
        }
        signal.TrySetResult();
    }

    /// <summary>A committed batch, in sequence order (the log's writer calls this after each commit, in order). While
    /// the newest batch is still unread, a batch of the same stream joins it: Orleans streams cost per batch, so the
    /// batches grow exactly when the consumers fall behind, and stay small (prompt) when they keep up. The joined batch
    /// takes the later sequence number; its rows are deleted together once it is delivered.</summary>
    public void Add(SqliteBatchContainer batch, bool reserved)
    {
        lock (_lock)
        {
            if (reserved) _reserved -= batch.Messages.Length;
            _messages += batch.Messages.Length;
            _lastAdded = batch.Sequence;
            if (_pending.Last is { } last && ReferenceEquals(_nextToRead, last) && last.Value.StreamId.Equals(batch.StreamId)
                && last.Value.Messages.Length + batch.Messages.Length <= MaxMergedMessages)
            {
                last.Value = new SqliteBatchContainer
                {
                    StreamId = batch.StreamId,
                    Token = batch.Token,
                    Messages = [.. last.Value.Messages, .. batch.Messages],
                    EnqueuedAt = last.Value.EnqueuedAt,
                };
                return;
            }
            var node = _pending.AddLast(batch);
            _nextToRead ??= node;
        }
    }

    /// <summary>The next batches the receiver has not read.</summary>
    public IList<IBatchContainer> Read(int max)
    {
        var batches = new List<IBatchContainer>();
        lock (_lock)
        {
            while (_nextToRead is not null && batches.Count < max)
            {
                batches.Add(_nextToRead.Value);
                _nextToRead = _nextToRead.Next;
            }
        }
        return batches;
    }

    /// <summary>A new receiver starts again from the oldest batch not confirmed delivered (at least once).</summary>
    public void Rewind()
    {
        lock (_lock) _nextToRead = _pending.First;
    }

    /// <summary>Everything up to <paramref name="sequence"/> was delivered (or given up on) by every consumer.</summary>
    public void Confirm(long sequence)
    {
        TaskCompletionSource signal;
        lock (_lock)
        {
            while (_pending.First is { } first && first.Value.Sequence <= sequence)
            {
                if (_nextToRead == first) _nextToRead = first.Next;
                _messages -= first.Value.Messages.Length;
                _pending.RemoveFirst();
            }
            _confirmed = Math.Max(_confirmed, sequence);
            signal = SwapSignal();
        }
        signal.TrySetResult();
    }

    /// <summary>The sequence of the newest committed batch.</summary>
    public long LastAdded
    {
        get { lock (_lock) return _lastAdded; }
    }

    /// <summary>Completes once every batch up to <paramref name="sequence"/> was confirmed delivered.</summary>
    public async Task WaitConfirmedAsync(long sequence, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                if (_confirmed >= sequence || _pending.First is null || _pending.First.Value.Sequence > sequence) return;
                changed = _room.Task;
            }
            await changed.WaitAsync(cancellationToken);
        }
    }

    /// <summary>When the oldest batch not confirmed delivered was appended; null when the queue is caught up.</summary>
    public DateTimeOffset? PendingSince()
    {
        lock (_lock) return _pending.First?.Value.EnqueuedAt;
    }

    private TaskCompletionSource SwapSignal()
    {
        var signal = _room;
        _room = NewSignal();
        return signal;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
