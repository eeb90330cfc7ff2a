using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Sawmill.Grains.Runtime;

namespace Sawmill.Grains.Storage;

/// <summary>Grain state as JSON rows of the SQLite file. Writes from many grains share one transaction
/// (group commit), so thousands of node grains can save state without a commit each.</summary>
public sealed class SqliteGrainStateStore : IGrainStateStore, IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly SqliteDatabase _database;
    private readonly Channel<PendingWrite> _writes = Channel.CreateBounded<PendingWrite>(
        new BoundedChannelOptions(16_384) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly Task _writer;

    public SqliteGrainStateStore(SqliteDatabase database)
    {
        _database = database;
        using var connection = database.Open();
        SqliteDatabase.Execute(connection, """
            CREATE TABLE IF NOT EXISTS grain_state (
                grain_type TEXT NOT NULL,
                grain_key TEXT NOT NULL,
                data TEXT NOT NULL,
                updated_at INTEGER NOT NULL,
                PRIMARY KEY (grain_type, grain_key)
            ) WITHOUT ROWID;
            """);
        _writer = Task.Run(WriteLoopAsync);
    }

    public async ValueTask<TState?> ReadAsync<TState>(string grainType, string key, CancellationToken cancellationToken) where TState : class
    {
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT data FROM grain_state WHERE grain_type = $type AND grain_key = $key";
        command.Parameters.AddWithValue("$type", grainType);
        command.Parameters.AddWithValue("$key", key);
        return await command.ExecuteScalarAsync(cancellationToken) is string data ? JsonSerializer.Deserialize<TState>(data, Json) : null;
    }

    public async ValueTask<IReadOnlyList<(string Key, TState State)>> ReadAllAsync<TState>(string grainType, CancellationToken cancellationToken) where TState : class
    {
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT grain_key, data FROM grain_state WHERE grain_type = $type";
        command.Parameters.AddWithValue("$type", grainType);
        var states = new List<(string, TState)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (JsonSerializer.Deserialize<TState>(reader.GetString(1), Json) is { } state) states.Add((reader.GetString(0), state));
        }
        return states;
    }

    public async ValueTask WriteAsync<TState>(string grainType, string key, TState state, CancellationToken cancellationToken) where TState : class
    {
        var write = new PendingWrite(grainType, key, JsonSerializer.Serialize(state, Json));
        await _writes.Writer.WriteAsync(write, cancellationToken);
        await write.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask ClearAsync(string grainType, string key, CancellationToken cancellationToken)
    {
        var write = new PendingWrite(grainType, key, data: null);
        await _writes.Writer.WriteAsync(write, cancellationToken);
        await write.Task.WaitAsync(cancellationToken);
    }

    private async Task WriteLoopAsync()
    {
        await using var connection = _database.Open();
        var batch = new List<PendingWrite>();
        while (await _writes.Reader.WaitToReadAsync())
        {
            while (batch.Count < 4096 && _writes.Reader.TryRead(out var write)) batch.Add(write);
            try
            {
                Commit(connection, batch);
                foreach (var write in batch) write.TrySetResult();
            }
            catch (Exception ex)
            {
                foreach (var write in batch) write.TrySetException(ex);
            }
            batch.Clear();
        }
    }

    private static void Commit(SqliteConnection connection, List<PendingWrite> batch)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        using var upsert = connection.CreateCommand();
        upsert.CommandText = """
            INSERT INTO grain_state (grain_type, grain_key, data, updated_at) VALUES ($type, $key, $data, unixepoch())
            ON CONFLICT (grain_type, grain_key) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at
            """;
        using var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM grain_state WHERE grain_type = $type AND grain_key = $key";
        var (type, key, data) = (upsert.Parameters.Add("$type", SqliteType.Text), upsert.Parameters.Add("$key", SqliteType.Text), upsert.Parameters.Add("$data", SqliteType.Text));
        var (deleteType, deleteKey) = (delete.Parameters.Add("$type", SqliteType.Text), delete.Parameters.Add("$key", SqliteType.Text));
        foreach (var write in batch)
        {
            if (write.Data is null)
            {
                (deleteType.Value, deleteKey.Value) = (write.GrainType, write.Key);
                delete.ExecuteNonQuery();
            }
            else
            {
                (type.Value, key.Value, data.Value) = (write.GrainType, write.Key, write.Data);
                upsert.ExecuteNonQuery();
            }
        }
        transaction.Commit();
    }

    public async ValueTask DisposeAsync()
    {
        _writes.Writer.TryComplete();
        await _writer;
    }

    private sealed class PendingWrite(string grainType, string key, string? data) : TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public string GrainType { get; } = grainType;
        public string Key { get; } = key;
        public string? Data { get; } = data;
    }
}
