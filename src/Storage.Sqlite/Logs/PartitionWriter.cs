using Microsoft.Data.Sqlite;

namespace Sawmill.Storage.Sqlite.Logs;

/// <summary>The writer's open connection to one partition, with its statements prepared, its name numbers cached and
/// its rollups accumulated per transaction. Used by the single writer thread only.</summary>
internal sealed class PartitionWriter : IDisposable
{
    private readonly SqliteConnection _connection;
    // The two statements of every row go through SQLite's C API (RawStatement); the rest are per name or per commit.
    private readonly RawStatement _insert, _index;
    private readonly SqliteCommand _insertName, _rollup, _levelRollup, _saveSequence, _exists;
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
        _insert = new RawStatement(_connection, PartitionSchema.Insert);
        _index = new RawStatement(_connection, PartitionSchema.IndexText);
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
            _insertName.Transaction = _rollup.Transaction =
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
        // Positions as in PartitionSchema.Insert's column list.
        var changed = _insert.Bind(1, id).Bind(2, row.Type).Bind(3, node).Bind(4, service).Bind(5, row.LogId).Bind(6, row.Message)
            .Bind(7, row.ResponseTimeMs).Bind(8, row.ThresholdLimitMs).Bind(9, row.ErrorCode).Bind(10, row.ErrorMessage)
            .Bind(11, row.Extra).Bind(12, row.Clock).Bind(13, row.Shared is { } shared ? NameId(shared) : null)
            .Execute();
        if (changed == 0) return false;
        _index.Bind(1, id).Bind(2, row.Text).Execute();
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
        _insert.Dispose();
        _index.Dispose();
        foreach (var command in new[] { _insertName, _rollup, _levelRollup, _saveSequence, _exists }) command.Dispose();
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
