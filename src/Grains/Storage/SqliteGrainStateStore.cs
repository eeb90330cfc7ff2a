using System.Text.Json;
using Microsoft.Data.Sqlite;
using Sawmill.Grains.Runtime;

namespace Sawmill.Grains.Storage;

/// <summary>Grain state as JSON rows of the SQLite file; writes are group-committed (<see cref="SqliteWriteQueue"/>).</summary>
public sealed class SqliteGrainStateStore : IGrainStateStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly SqliteDatabase _database;

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
        var data = JsonSerializer.Serialize(state, Json);
        await _database.Writes.WriteAsync(connection => Execute(connection, """
            INSERT INTO grain_state (grain_type, grain_key, data, updated_at) VALUES ($type, $key, $data, unixepoch())
            ON CONFLICT (grain_type, grain_key) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at
            """, grainType, key, data), cancellationToken);
    }

    public async ValueTask ClearAsync(string grainType, string key, CancellationToken cancellationToken)
        => await _database.Writes.WriteAsync(connection => Execute(connection, "DELETE FROM grain_state WHERE grain_type = $type AND grain_key = $key", grainType, key, null), cancellationToken);

    private static void Execute(SqliteConnection connection, string sql, string grainType, string key, string? data)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$type", grainType);
        command.Parameters.AddWithValue("$key", key);
        if (data is not null) command.Parameters.AddWithValue("$data", data);
        command.ExecuteNonQuery();
    }

}
