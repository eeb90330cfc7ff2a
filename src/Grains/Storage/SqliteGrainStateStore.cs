using System.Text.Json;
using Sawmill.Grains.Runtime;

namespace Sawmill.Grains.Storage;

/// <summary>Grain state as JSON rows of the SQLite file.</summary>
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

    public async ValueTask WriteAsync<TState>(string grainType, string key, TState state, CancellationToken cancellationToken) where TState : class
    {
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO grain_state (grain_type, grain_key, data, updated_at) VALUES ($type, $key, $data, unixepoch())
            ON CONFLICT (grain_type, grain_key) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at
            """;
        command.Parameters.AddWithValue("$type", grainType);
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$data", JsonSerializer.Serialize(state, Json));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask ClearAsync(string grainType, string key, CancellationToken cancellationToken)
    {
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM grain_state WHERE grain_type = $type AND grain_key = $key";
        command.Parameters.AddWithValue("$type", grainType);
        command.Parameters.AddWithValue("$key", key);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
