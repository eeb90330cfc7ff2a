using Microsoft.Data.Sqlite;

namespace Sawmill.Storage.Sqlite.Logs;

/// <summary>The writer's open connection to one partition, with its statements prepared, its name numbers cached and
/// its rollups accumulated per transaction. Used by the single writer thread only.</summary>
internal sealed class PartitionWriter : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insert, _index, _insertName, _rollup, _levelRollup, _saveSequence, _exists;
    private readonly SqliteParameter _id, _type, _node, _service, _logId, _message, _responseTimeMs, _thresholdLimitMs,
        _errorCode, _errorMessage, _extra, _clock, _shared, _textId, _text;
    private readonly Dictionary<string, long> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<(long Service, long Node, long Bucket, int Level), long> _counts = [];
    private readonly Dictionary<(long Bucket, int Level), long> _levelCounts = [];
    private readonly long _rollupMicros;
    private long _sequence;

    public PartitionWriter(LogPartition partition, PartitionLayout layout)
    {
        Partition = partition;
        _rollupMicros = layout.RollupMicros;
        _connection = partition.Open(writer: true);
        SqliteDatabase.Execute(_connection, PartitionSchema.Create);
        _insert = Command(PartitionSchema.Insert);
        (_id, _type, _node, _service, _logId, _message, _responseTimeMs, _thresholdLimitMs, _errorCode, _errorMessage, _extra, _clock, _shared) =
            (Add(_insert, "$id"), Add(_insert, "$type"), Add(_insert, "$node"), Add(_insert, "$service"), Add(_insert, "$log_id"),
             Add(_insert, "$message"), Add(_insert, "$response_time_ms"), Add(_insert, "$threshold_limit_ms"), Add(_insert, "$error_code"),
             Add(_insert, "$error_message"), Add(_insert, "$extra"), Add(_insert, "$clock"), Add(_insert, "$shared"));
        _index = Command(PartitionSchema.IndexText);
        (_textId, _text) = (Add(_index, "$id"), Add(_index, "$text"));
        _insertName = Command(PartitionSchema.InsertName, "$name");
        _rollup = Command(PartitionSchema.AddRollup, "$service", "$node", "$bucket", "$level", "$n");
        _levelRollup = Command(PartitionSchema.AddLevelRollup, "$bucket", "$level", "$n");
        _saveSequence = Command(PartitionSchema.SaveSequence, "$value");
        _exists = Command(PartitionSchema.Exists, "$log_id", "$node");
        Reload();
    }

    public LogPartition Partition { get; }

    /// <summary>The writer's last use, to close the least recently used partitions.</summary>
    public long LastUsed { get; set; }

    /// <summary>Whether this partition already holds the node's log_id (the cross-partition half of the dedupe rule).</summary>
    public bool Contains(in LogRow row)
    {
        _exists.Parameters[0].Value = row.LogId;
        _exists.Parameters[1].Value = row.NodeId;
        return _exists.ExecuteScalar() is not null;
    }

    /// <summary>Inserts the rows in one transaction with their full-text entries and rollups; returns how many were new
    /// (a repeated (node_id, log_id) is skipped) and marks them in <paramref name="inserted"/>.</summary>
    public int Write(List<LogRow> rows, Span<bool> inserted)
    {
        var transaction = _connection.BeginTransaction(deferred: false);
        try
        {
            _insert.Transaction = _index.Transaction = _insertName.Transaction = _rollup.Transaction =
                _levelRollup.Transaction = _saveSequence.Transaction = transaction;
            var count = 0;
            for (var i = 0; i < rows.Count; i++)
            {
                inserted[i] = Insert(rows[i]);
                if (inserted[i]) count++;
            }
            FlushRollups();
            _saveSequence.Parameters[0].Value = _sequence;
            _saveSequence.ExecuteNonQuery();
            transaction.Commit();
            return count;
        }
        catch
        {
            transaction.Rollback();
            // The rolled-back transaction may have numbered new names: read back what the file holds.
            Reload();
            throw;
        }
        finally
        {
            _counts.Clear();
            _levelCounts.Clear();
            transaction.Dispose();
        }
    }

    private bool Insert(in LogRow row)
    {
        var offset = row.Ts - Partition.StartMicros;
        var id = PartitionLayout.RowId(offset, _sequence++, row.Level);
        var node = NameId(row.NodeId);
        var service = NameId(row.ServiceName);
        _id.Value = id;
        _type.Value = row.Type;
        _node.Value = node;
        _service.Value = service;
        _logId.Value = row.LogId;
        _message.Value = row.Message;
        _responseTimeMs.Value = row.ResponseTimeMs is { } responseTime ? responseTime : DBNull.Value;
        _thresholdLimitMs.Value = row.ThresholdLimitMs is { } threshold ? threshold : DBNull.Value;
        _errorCode.Value = (object?)row.ErrorCode ?? DBNull.Value;
        _errorMessage.Value = (object?)row.ErrorMessage ?? DBNull.Value;
        _extra.Value = (object?)row.Extra ?? DBNull.Value;
        _clock.Value = row.Clock is { } clock ? clock : DBNull.Value;
        _shared.Value = row.Shared is { } shared ? NameId(shared) : DBNull.Value;
        if (_insert.ExecuteNonQuery() == 0) return false;
        _textId.Value = id;
        _text.Value = row.Text;
        _index.ExecuteNonQuery();
        var bucket = offset / _rollupMicros;
        var key = (service, node, bucket, (int)row.Level);
        _counts[key] = _counts.GetValueOrDefault(key) + 1;
        _levelCounts[(bucket, (int)row.Level)] = _levelCounts.GetValueOrDefault((bucket, (int)row.Level)) + 1;
        return true;
    }

    private void FlushRollups()
    {
        foreach (var ((service, node, bucket, level), n) in _counts)
        {
            _rollup.Parameters[0].Value = service;
            _rollup.Parameters[1].Value = node;
            _rollup.Parameters[2].Value = bucket;
            _rollup.Parameters[3].Value = level;
            _rollup.Parameters[4].Value = n;
            _rollup.ExecuteNonQuery();
        }
        foreach (var ((bucket, level), n) in _levelCounts)
        {
            _levelRollup.Parameters[0].Value = bucket;
            _levelRollup.Parameters[1].Value = level;
            _levelRollup.Parameters[2].Value = n;
            _levelRollup.ExecuteNonQuery();
        }
    }

    private long NameId(string name)
    {
        if (_names.TryGetValue(name, out var id)) return id;
        _insertName.Parameters[0].Value = name;
        id = (long)_insertName.ExecuteScalar()!;
        _names[name] = id;
        return id;
    }

    private void Reload()
    {
        _names.Clear();
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = "SELECT id, name FROM names";
            using var reader = command.ExecuteReader();
            while (reader.Read()) _names[reader.GetString(1)] = reader.GetInt64(0);
        }
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = PartitionSchema.LoadSequence;
            _sequence = (long)command.ExecuteScalar()!;
        }
    }

    public void Dispose()
    {
        foreach (var command in new[] { _insert, _index, _insertName, _rollup, _levelRollup, _saveSequence, _exists }) command.Dispose();
        // The pooled connection stays open, and so would a write-ahead log of up to wal_autocheckpoint pages for each
        // partition written lately: fold it into the file and truncate it, waiting at most briefly for readers.
        if (!Partition.IsDropped)
        {
            try
            {
                SqliteDatabase.Execute(_connection, "PRAGMA busy_timeout=200; PRAGMA wal_checkpoint(TRUNCATE); PRAGMA busy_timeout=30000;");
            }
            catch (SqliteException)
            {
                // A reader kept it busy: the log is checkpointed by the next writer or when the last connection closes.
            }
        }
        _connection.Dispose();
        Partition.Release();
    }

    private SqliteCommand Command(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters) Add(command, name);
        return command;
    }

    private static SqliteParameter Add(SqliteCommand command, string name) => command.Parameters.Add(new SqliteParameter { ParameterName = name });
}
