using Orleans.Streams;

namespace Sawmill.Storage.Sqlite.Streams;

/// <summary>Reads one queue for Orleans' pulling agent; a delivery the agent confirms (its cache purged the batches every
/// consumer had taken) deletes their rows.</summary>
internal sealed class SqliteQueueAdapterReceiver(SqliteStreamLog log, StreamQueue queue) : IQueueAdapterReceiver
{
    public Task Initialize(TimeSpan timeout)
    {
        queue.Rewind();
        return Task.CompletedTask;
    }

    public Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount)
        => Task.FromResult(queue.Read(maxCount < 0 ? int.MaxValue : maxCount));

    public Task MessagesDeliveredAsync(IList<IBatchContainer> messages)
    {
        // Purged in order, oldest first; batches whose delivery failed are left out of the list but were given up on.
        long last = -1;
        foreach (var message in messages) last = Math.Max(last, ((SqliteBatchContainer)message).Sequence);
        if (last >= 0) log.Confirm(queue, last);
        return Task.CompletedTask;
    }

    public Task Shutdown(TimeSpan timeout) => Task.CompletedTask;
}
