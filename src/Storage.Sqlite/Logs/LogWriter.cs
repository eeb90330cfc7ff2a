using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Sawmill.Grains.Interfaces;
namespace Sawmill.Storage.Sqlite.Logs;

/// <summary>The single writer of the log store: group-commits everything queued in one transaction per round.</summary>
internal sealed class LogWriter : IAsyncDisposable
{
    // Large enough to amortise the commit (an fsync of the WAL), small enough to keep a round short.
    private const int MaxRowsPerTransaction = 20_000;

    private readonly Channel<WriteRequest> _queue = Channel.CreateBounded<WriteRequest>(
        new BoundedChannelOptions(1024) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insert, _maxId, _indexNewRows;
    private readonly SqliteParameter _messageType, _logId, _nodeId, _serviceName, _level, _ts, _message,
        _responseTimeMs, _thresholdLimitMs, _errorCode, _errorMessage, _propsText, _body;
    private readonly ILogger _logger;
    private long _quarantined;
    private readonly Task _loop;

    public LogWriter(SqliteConnection connection, ILogger logger)
    {
        _connection = connection;
        _logger = logger;
        // The writer touches five indexes and the full-text index on every row: a larger page cache keeps their
        // hot pages in memory, and rarer checkpoints take the WAL copy off most commits.
        SqliteDatabase.Execute(connection, "PRAGMA cache_size=-65536; PRAGMA wal_autocheckpoint=10000;");
        _insert = connection.CreateCommand();
        _insert.CommandText = LogSchema.Insert;
        _messageType = Parameter("$message_type");
        _logId = Parameter("$log_id");
        _nodeId = Parameter("$node_id");
        _serviceName = Parameter("$service_name");
        _level = Parameter("$level");
        _ts = Parameter("$ts");
        _message = Parameter("$message");
        _responseTimeMs = Parameter("$response_time_ms");
        _thresholdLimitMs = Parameter("$threshold_limit_ms");
        _errorCode = Parameter("$error_code");
        _errorMessage = Parameter("$error_message");
        _propsText = Parameter("$props_text");
        _body = Parameter("$body");
        _insert.Prepare();
        _maxId = Command(LogSchema.MaxId);
        _indexNewRows = Command(LogSchema.IndexNewRows);
        _indexNewRows.Parameters.Add(new SqliteParameter { ParameterName = "$after" });
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Queues the rows and completes once their transaction has committed.</summary>
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

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
        _insert.Dispose();
        _maxId.Dispose();
        _indexNewRows.Dispose();
        await _connection.DisposeAsync();
    }

    private async Task RunAsync()
    {
        var batch = new List<WriteRequest>();
        while (await _queue.Reader.WaitToReadAsync())
        {
            var rows = 0;
            while (rows < MaxRowsPerTransaction && _queue.Reader.TryRead(out var request))
            {
                batch.Add(request);
                rows += request.Rows.Length;
            }
            Commit(batch);
            batch.Clear();
        }
    }

    private void Commit(List<WriteRequest> batch)
    {
        try
        {
            Write(batch);
            foreach (var request in batch)
                request.TrySetResult();
        }
        catch (Exception ex) when (batch.Count > 1)
        {
            // One bad request must not fail the callers that shared its transaction: retry each on its own.
            _logger.LogWarning(ex, "Group commit of {Count} requests failed; retrying them one by one", batch.Count);
            foreach (var request in batch)
                Commit([request]);
        }
        catch (Exception ex) when (!IsTransient(ex))
        {
            SetAsideBadRows(batch[0], ex);
        }
        catch (Exception ex)
        {
            // The store itself failed (busy, full, I/O): the caller retries; nothing was written.
            _logger.LogError(ex, "Storing {Count} log entries failed", batch[0].Rows.Length);
            batch[0].TrySetException(ex);
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

    /// <summary>An entry the store cannot take (a poison item) is kept aside in log_quarantine, with why, and logged;
    /// the entries it came with are stored as usual.</summary>
    private void Quarantine(in LogRow row, Exception failure)
    {
        Interlocked.Increment(ref _quarantined);
        _logger.LogError(failure, "Log entry {LogId} of node {NodeId} could not be stored; it is kept in log_quarantine", row.LogId, row.NodeId);
        try
        {
            using var command = _connection.CreateCommand();
            command.CommandText = LogSchema.Quarantine;
            command.Parameters.AddWithValue("$node_id", SafeText(row.NodeId));
            command.Parameters.AddWithValue("$log_id", SafeText(row.LogId));
            command.Parameters.AddWithValue("$error", failure.Message);
            command.Parameters.AddWithValue("$body", SafeText(row.Body));
            command.ExecuteNonQuery();
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Quarantining log entry {LogId} failed too", row.LogId);
        }
    }

    /// <summary>An entry that could not even be made a row: logged and counted with the quarantined ones.</summary>
    public void Reject(SawmillMessage entry, Exception failure)
    {
        Interlocked.Increment(ref _quarantined);
        _logger.LogError(failure, "A {Type} of node {NodeId} could not be stored and was dropped", entry.MessageType, entry.NodeId);
    }

    private static string SafeText(string text) => System.Text.Encoding.UTF8.GetString(System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>Entries set aside since start because the store could not take them.</summary>
    public long Quarantined => Interlocked.Read(ref _quarantined);

    private void Write(List<WriteRequest> batch)
    {
        using var transaction = _connection.BeginTransaction(deferred: false);
        _insert.Transaction = _maxId.Transaction = _indexNewRows.Transaction = transaction;
        // This is the only writer and holds the write lock, so every row above the current max id is this batch's.
        var after = (long)_maxId.ExecuteScalar()!;
        foreach (var request in batch)
        {
            foreach (ref readonly var row in request.Rows.AsSpan())
                Insert(row);
        }
        _indexNewRows.Parameters[0].Value = after;
        _indexNewRows.ExecuteNonQuery();
        transaction.Commit();
    }

    private void Insert(in LogRow row)
    {
        _messageType.Value = row.MessageType;
        _logId.Value = row.LogId;
        _nodeId.Value = row.NodeId;
        _serviceName.Value = row.ServiceName;
        _level.Value = (int)row.Level;
        _ts.Value = row.Ts;
        _message.Value = row.Message;
        _responseTimeMs.Value = row.ResponseTimeMs is { } responseTime ? responseTime : DBNull.Value;
        _thresholdLimitMs.Value = row.ThresholdLimitMs is { } threshold ? threshold : DBNull.Value;
        _errorCode.Value = (object?)row.ErrorCode ?? DBNull.Value;
        _errorMessage.Value = (object?)row.ErrorMessage ?? DBNull.Value;
        _propsText.Value = row.PropsText;
        _body.Value = row.Body;
        _insert.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    private SqliteParameter Parameter(string name) => _insert.Parameters.Add(new SqliteParameter { ParameterName = name });

    private sealed class WriteRequest(LogRow[] rows) : TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public LogRow[] Rows { get; } = rows;
    }
}
