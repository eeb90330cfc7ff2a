using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Storage;

namespace Sawmill.Storage.Sqlite.Logs;

/// <summary>The single writer of the log store: group-commits everything queued per round, one transaction per
/// partition the round touches, keeping the most recently used partitions open.</summary>
internal sealed class LogWriter : IAsyncDisposable
{
    // Large enough to amortise the commits (an fsync of each touched partition's WAL), small enough to keep a round short.
    private const int MaxRowsPerRound = 20_000;
    private const int MaxOpenPartitions = 4;
    private const int RecentIdCapacity = 1 << 18;

    private readonly Channel<WriteRequest> _queue = Channel.CreateBounded<WriteRequest>(
        new BoundedChannelOptions(1024) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly PartitionCatalog _catalog;
    private readonly SqliteDatabase _database;
    private readonly Func<long> _retainedFrom;
    private readonly ILogger _logger;
    private readonly Dictionary<long, PartitionWriter> _writers = [];
    private readonly SortedDictionary<long, List<LogRow>> _groups = [];
    private readonly Stack<List<LogRow>> _spareGroups = new();
    private const int MaxSpareGroups = 4, MaxSpareGroupCapacity = 50_000;
    private readonly HashSet<long> _roundKeys = [];
    private readonly RecentIds _recent = new(RecentIdCapacity);
    private readonly Task _loop;
    private long _tick, _quarantined, _expired;
    private bool[] _inserted = new bool[MaxRowsPerRound];

    // retainedFrom: the oldest time (unix microseconds) the retention keeps; older entries are not stored.
    public LogWriter(PartitionCatalog catalog, SqliteDatabase database, Func<long> retainedFrom, ILogger logger)
    {
        _catalog = catalog;
        _database = database;
        _retainedFrom = retainedFrom;
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Entries set aside since start because the store could not take them.</summary>
    public long Quarantined => Interlocked.Read(ref _quarantined);

    /// <summary>Entries not stored since start because they were older than the retention.</summary>
    public long Expired => Interlocked.Read(ref _expired);

    /// <summary>Queues the rows and completes once every partition they went to has committed them.</summary>
    public async ValueTask WriteAsync(LogRow[] rows, CancellationToken cancellationToken)
    {
        var request = new WriteRequest(rows);
        try
        {
            await _queue.Writer.WriteAsync(request, cancellationToken);
        }
        catch (ChannelClosedException)
        {
            throw new ObjectDisposedException(nameof(SqliteLogStore));
        }
        await request.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Lets go of the partitions retention dropped (their files go once no reader holds them either);
    /// completes when the writer has.</summary>
    public ValueTask CloseDroppedAsync() => WriteAsync([], CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
        foreach (var writer in _writers.Values) writer.Dispose();
        _writers.Clear();
    }

    private async Task RunAsync()
    {
        var batch = new List<WriteRequest>();
        while (await _queue.Reader.WaitToReadAsync())
        {
            var rows = 0;
            while (rows < MaxRowsPerRound && _queue.Reader.TryRead(out var request))
            {
                batch.Add(request);
                rows += request.Rows.Length;
            }
            CloseDroppedPartitions();
            Commit(batch);
            batch.Clear();
        }
    }

    private void Commit(List<WriteRequest> batch)
    {
        try
        {
            Write(batch);
            foreach (var request in batch) request.TrySetResult();
        }
        catch (Exception ex) when (batch.Count > 1)
        {
            // One bad request must not fail the callers that shared its round: retry each on its own.
            _logger.LogWarning(ex, "Group commit of {Count} requests failed; retrying them one by one", batch.Count);
            foreach (var request in batch) Commit([request]);
        }
        catch (Exception ex) when (!IsTransient(ex))
        {
            SetAsideBadRows(batch[0], ex);
        }
        catch (Exception ex)
        {
            // The store itself failed (busy, full, I/O): the caller retries, and the ids keep that idempotent.
            _logger.LogError(ex, "Storing {Count} log entries failed", batch[0].Rows.Length);
            batch[0].TrySetException(ex);
        }
    }

    private void Write(List<WriteRequest> batch)
    {
        var from = Math.Max(_retainedFrom(), _catalog.DroppedBefore);
        long expired = 0;
        _roundKeys.Clear();
        RecycleGroups(); // what a failed round left
        foreach (var request in batch)
        {
            foreach (ref readonly var row in request.Rows.AsSpan())
            {
                if (row.Ts < from)
                {
                    expired++;
                    continue;
                }
                var index = _catalog.Layout.IndexOf(row.Ts);
                if (IsRepeatFromAnotherPartition(row, index)) continue;
                if (!_groups.TryGetValue(index, out var group)) _groups[index] = group = _spareGroups.TryPop(out var spare) ? spare : [];
                group.Add(row);
            }
        }
        foreach (var (index, rows) in _groups)
        {
            if (rows.Count == 0) continue;
            if (_inserted.Length < rows.Count) _inserted = new bool[rows.Count];
            Writer(index, create: true)!.Write(rows, _inserted);
        }
        RecycleGroups();
        if (expired > 0)
        {
            Interlocked.Add(ref _expired, expired);
            _logger.LogWarning("{Count} log entries older than the retention ({RetainedFrom:O}) were not stored", expired, UnixMicros.ToTime(from));
        }
    }

    // The round's lists are kept for the next one (a round's rows are large enough for the large object heap), emptied
    // so they hold no entries; a list grown past a round's usual size is let go.
    private void RecycleGroups()
    {
        foreach (var rows in _groups.Values)
        {
            rows.Clear();
            if (rows.Capacity <= MaxSpareGroupCapacity && _spareGroups.Count < MaxSpareGroups) _spareGroups.Push(rows);
        }
        _groups.Clear();
    }

    // A (node_id, log_id) seen recently in another partition (its timestamp changed on the way): checked exactly there.
    private bool IsRepeatFromAnotherPartition(in LogRow row, long index)
    {
        var key = RecentIds.Key(row.NodeId, row.LogIdText);
        if (_recent.TryGetPartition(key, out var other) && other != index
            && (_roundKeys.Contains(key) || Writer(other, create: false)?.Contains(row) == true))
            return true;
        _recent.Set(key, index);
        _roundKeys.Add(key);
        return false;
    }

    private PartitionWriter? Writer(long index, bool create)
    {
        if (_writers.TryGetValue(index, out var writer))
        {
            writer.LastUsed = ++_tick;
            return writer;
        }
        var partition = _catalog.Find(index);
        if (partition is null && !create) return null;
        var isNew = partition is null;
        partition ??= _catalog.Prepare(index);
        if (!partition.TryAcquire()) return null;
        try
        {
            writer = new PartitionWriter(partition, _catalog.Layout) { LastUsed = ++_tick };
        }
        catch
        {
            partition.Release();
            throw;
        }
        if (isNew) _catalog.Publish(partition);
        if (_writers.Count >= MaxOpenPartitions)
        {
            var idle = _writers.Values.MinBy(w => w.LastUsed)!;
            _writers.Remove(idle.Partition.Index);
            idle.Dispose();
        }
        _writers[index] = writer;
        return writer;
    }

    private void CloseDroppedPartitions()
    {
        foreach (var writer in _writers.Values.Where(w => w.Partition.IsDropped).ToList())
        {
            _writers.Remove(writer.Partition.Index);
            writer.Dispose();
        }
    }

    /// <summary>Not the store but one of the request's entries failed: each is written on its own, so only the bad ones
    /// are set aside; a store failure on the way fails the request (the caller retries, and ids keep it idempotent).</summary>
    private void SetAsideBadRows(WriteRequest request, Exception failure)
    {
        if (request.Rows.Length == 1)
        {
            Quarantine(request.Rows[0], failure);
            request.TrySetResult();
            return;
        }
        foreach (var row in request.Rows)
        {
            try
            {
                Write([new WriteRequest([row])]);
            }
            catch (Exception rowFailure) when (!IsTransient(rowFailure))
            {
                Quarantine(row, rowFailure);
            }
            catch (Exception rowFailure)
            {
                request.TrySetException(rowFailure);
                return;
            }
        }
        request.TrySetResult();
    }

    /// <summary>Failures of the store rather than of an entry (SQLITE_BUSY, LOCKED, NOMEM, IOERR, FULL, CANTOPEN):
    /// retrying the same rows later can succeed.</summary>
    private static bool IsTransient(Exception ex) => ex is SqliteException { SqliteErrorCode: 5 or 6 or 7 or 10 or 13 or 14 } or ObjectDisposedException;

    /// <summary>An entry the store cannot take (a poison item) is kept aside in sawmill.db's log_quarantine, with why,
    /// and logged; the entries it came with are stored as usual.</summary>
    private void Quarantine(in LogRow row, Exception failure)
    {
        Interlocked.Increment(ref _quarantined);
        _logger.LogError(failure, "Log entry {LogId} of node {NodeId} could not be stored; it is kept in log_quarantine", row.LogIdText, row.NodeId);
        try
        {
            using var connection = _database.Open();
            LogQuarantine.Add(connection, row.NodeId, row.LogIdText, failure.Message,
                System.Text.Json.JsonSerializer.Serialize(row.Entry, SawmillJsonContext.Default.SawmillMessage));
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Quarantining log entry {LogId} failed too", row.LogIdText);
        }
    }

    /// <summary>An entry that could not even be made a row: logged and counted with the quarantined ones.</summary>
    public void Reject(SawmillMessage entry, Exception failure)
    {
        Interlocked.Increment(ref _quarantined);
        _logger.LogError(failure, "A {Type} of node {NodeId} could not be stored and was dropped", entry.MessageType, entry.NodeId);
    }

    private sealed class WriteRequest(LogRow[] rows) : TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public LogRow[] Rows { get; } = rows;
    }
}
