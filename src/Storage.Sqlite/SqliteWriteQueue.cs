using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Sawmill.Storage.Sqlite;

/// <summary>Small writes from many callers (grain state, reminders, stream batches) share one transaction per round: a
/// group commit, so thousands of writers at once cost a few commits, not thousands. One writer connection; bounded queue.</summary>
public sealed class SqliteWriteQueue : IAsyncDisposable
{
    private const int MaxWritesPerTransaction = 4096;
    private readonly Channel<PendingWrite> _queue = Channel.CreateBounded<PendingWrite>(
        new BoundedChannelOptions(16_384) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly SqliteDatabase _database;
    private readonly Task _writer;

    internal SqliteWriteQueue(SqliteDatabase database)
    {
        _database = database;
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>Runs the write inside the next group transaction; completes once that transaction committed.
    /// <paramref name="committed"/> runs on the writer, after the commit and in the order the writes were queued.</summary>
    public async Task WriteAsync(Action<SqliteConnection> write, CancellationToken cancellationToken, Action? committed = null)
    {
        var pending = new PendingWrite(write, committed);
        await _queue.Writer.WriteAsync(pending, cancellationToken);
        await pending.Task.WaitAsync(cancellationToken);
    }

    private async Task WriteLoopAsync()
    {
        await using var connection = _database.Open();
        var batch = new List<PendingWrite>();
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxWritesPerTransaction && _queue.Reader.TryRead(out var write)) batch.Add(write);
            Commit(connection, batch);
            batch.Clear();
        }
    }

    private static void Commit(SqliteConnection connection, List<PendingWrite> batch)
    {
        try
        {
            using (var transaction = connection.BeginTransaction(deferred: false))
            {
                foreach (var write in batch) write.Apply(connection);
                transaction.Commit();
            }
            foreach (var write in batch) write.Committed?.Invoke();
            foreach (var write in batch) write.TrySetResult();
        }
        catch (Exception) when (batch.Count > 1)
        {
            // One bad write must not fail the others that shared its transaction: retry each on its own.
            foreach (var write in batch) Commit(connection, [write]);
        }
        catch (Exception ex)
        {
            batch[0].TrySetException(ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
    }

    private sealed class PendingWrite(Action<SqliteConnection> apply, Action? committed) : TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public Action<SqliteConnection> Apply { get; } = apply;

        public Action? Committed { get; } = committed;
    }
}
