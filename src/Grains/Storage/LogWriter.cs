using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Sawmill.Grains.Interfaces;

namespace Sawmill.Grains.Storage;

/// <summary>The single writer of the log store: group-commits everything queued in one transaction per round.</summary>
internal sealed class LogWriter : IAsyncDisposable
{
    // Large enough to amortise the commit (an fsync of the WAL), small enough to keep a round short.
    private const int MaxRowsPerTransaction = 20_000;

    private readonly Channel<WriteRequest> _queue = Channel.CreateBounded<WriteRequest>(
        new BoundedChannelOptions(1024) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insert;
    private readonly SqliteParameter _messageType, _logId, _nodeId, _serviceName, _level, _ts, _message,
        _responseTimeMs, _thresholdLimitMs, _errorCode, _errorMessage, _propsText, _body;
    private readonly StringBuilder _text = new();
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Task _loop;

    public LogWriter(SqliteConnection connection, TimeProvider timeProvider, ILogger logger)
    {
        _connection = connection;
        _timeProvider = timeProvider;
        _logger = logger;
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
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Queues the entries and completes once their transaction has committed.</summary>
    public async ValueTask WriteAsync(IReadOnlyList<SawmillMessage> entries, CancellationToken cancellationToken)
    {
        var request = new WriteRequest(entries);
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
                rows += request.Entries.Count;
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
        catch (Exception ex)
        {
            _logger.LogError(ex, "Storing {Count} log entries failed", batch[0].Entries.Count);
            batch[0].TrySetException(ex);
        }
    }

    private void Write(List<WriteRequest> batch)
    {
        using var transaction = _connection.BeginTransaction(deferred: false);
        _insert.Transaction = transaction;
        foreach (var request in batch)
        {
            foreach (var entry in request.Entries)
                Insert(entry);
        }
        transaction.Commit();
    }

    private void Insert(SawmillMessage entry)
    {
        switch (entry)
        {
            case LogEntry log:
                Bind(log, log.LogId, log.ServiceName, log.LogLevel, log.Timestamp, log.Message);
                _responseTimeMs.Value = log.ResponseTimeMs is { } responseTime ? responseTime : DBNull.Value;
                _thresholdLimitMs.Value = log.ThresholdLimitMs is { } threshold ? threshold : DBNull.Value;
                _errorCode.Value = (object?)log.ErrorDetails?.ErrorCode ?? DBNull.Value;
                _errorMessage.Value = (object?)log.ErrorDetails?.ErrorMessage ?? DBNull.Value;
                break;
            case Registration registration:
                // The stored body carries the assigned id so that GetAsync returns what search found.
                var stored = registration.LogId is null
                    ? registration with { LogId = Guid.CreateVersion7(_timeProvider.GetUtcNow()).ToString("N") }
                    : registration;
                Bind(stored, stored.LogId!, stored.ServiceName, Severity.Info, stored.Timestamp,
                    $"Node {stored.NodeId} registered ({stored.ServiceName})");
                _responseTimeMs.Value = _thresholdLimitMs.Value = _errorCode.Value = _errorMessage.Value = DBNull.Value;
                break;
            default:
                return;
        }
        _insert.ExecuteNonQuery();
    }

    private void Bind(SawmillMessage entry, string logId, string serviceName, Severity level, DateTimeOffset timestamp, string message)
    {
        _messageType.Value = entry.MessageType;
        _logId.Value = logId;
        _nodeId.Value = entry.NodeId;
        _serviceName.Value = serviceName;
        _level.Value = (int)level;
        _ts.Value = LogSchema.ToUnixMicroseconds(timestamp);
        _message.Value = message;
        _text.Clear();
        PropertyText.Append(_text, entry);
        _propsText.Value = _text.ToString();
        _body.Value = JsonSerializer.Serialize(entry, SawmillJsonContext.Default.SawmillMessage);
    }

    private SqliteParameter Parameter(string name) => _insert.Parameters.Add(new SqliteParameter { ParameterName = name });

    private sealed class WriteRequest(IReadOnlyList<SawmillMessage> entries)
        : TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public IReadOnlyList<SawmillMessage> Entries { get; } = entries;
    }
}
