using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Runtime;
using Orleans.Storage;
using Sawmill.Grains;

namespace Sawmill.Storage.Sqlite.GrainStorage;

/// <summary>Orleans grain storage in the silo's SQLite file: one JSON row per grain state, with an integer ETag checked
/// on every write; writes from many grains share a transaction (<see cref="SqliteWriteQueue"/>).</summary>
public sealed class SqliteGrainStorage : IGrainStorage, IGrainStateCatalog
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly SqliteDatabase _database;

    public SqliteGrainStorage(SqliteDatabase database, ILogger<SqliteGrainStorage>? logger = null)
    {
        _database = database;
        OrleansTables.Ensure(database, logger ?? (ILogger)NullLogger.Instance);
    }

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT etag, data FROM orleans_grain_state WHERE state_name = $name AND grain_type = $type AND grain_key = $key";
        Bind(command, stateName, grainId);
        await using var reader = await command.ExecuteReaderAsync();
        if (await reader.ReadAsync())
        {
            grainState.State = JsonSerializer.Deserialize<T>(reader.GetString(1), Json)!;
            grainState.ETag = reader.GetInt64(0).ToString(System.Globalization.CultureInfo.InvariantCulture);
            grainState.RecordExists = true;
        }
        else
        {
            grainState.ETag = null;
            grainState.RecordExists = false;
        }
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var data = JsonSerializer.Serialize(grainState.State, Json);
        var expected = ParseETag(grainState.ETag);
        var written = false;
        await _database.Writes.WriteAsync(connection =>
        {
            using var command = connection.CreateCommand();
            // A first write must find no row, a later one the row of the ETag it read: anything else is a concurrent writer.
            command.CommandText = expected is null
                ? """
                  INSERT INTO orleans_grain_state (state_name, grain_type, grain_key, etag, data, updated_at)
                  VALUES ($name, $type, $key, 1, $data, unixepoch()) ON CONFLICT DO NOTHING
                  """
                : """
                  UPDATE orleans_grain_state SET etag = etag + 1, data = $data, updated_at = unixepoch()
                  WHERE state_name = $name AND grain_type = $type AND grain_key = $key AND etag = $etag
                  """;
            Bind(command, stateName, grainId);
            command.Parameters.AddWithValue("$data", data);
            if (expected is not null) command.Parameters.AddWithValue("$etag", expected.Value);
            written = command.ExecuteNonQuery() == 1;
        }, CancellationToken.None);
        if (!written) throw Inconsistent(stateName, grainId, grainState.ETag);
        grainState.ETag = ((expected ?? 0) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var expected = ParseETag(grainState.ETag);
        var deleted = true;
        if (expected is not null)
        {
            await _database.Writes.WriteAsync(connection =>
            {
                using var command = connection.CreateCommand();
                command.CommandText = "DELETE FROM orleans_grain_state WHERE state_name = $name AND grain_type = $type AND grain_key = $key AND etag = $etag";
                Bind(command, stateName, grainId);
                command.Parameters.AddWithValue("$etag", expected.Value);
                deleted = command.ExecuteNonQuery() == 1;
            }, CancellationToken.None);
        }
        if (!deleted) throw Inconsistent(stateName, grainId, grainState.ETag);
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    public async IAsyncEnumerable<(string Key, TState State)> ReadAllAsync<TState>(string stateName, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT grain_key, data FROM orleans_grain_state WHERE state_name = $name";
        command.Parameters.AddWithValue("$name", stateName);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (JsonSerializer.Deserialize<TState>(reader.GetString(1), Json) is { } state) yield return (reader.GetString(0), state);
        }
    }

    private static void Bind(SqliteCommand command, string stateName, GrainId grainId)
    {
        command.Parameters.AddWithValue("$name", stateName);
        command.Parameters.AddWithValue("$type", grainId.Type.ToString());
        command.Parameters.AddWithValue("$key", grainId.Key.ToString());
    }

    private static long? ParseETag(string? etag) => etag is null ? null : long.Parse(etag, System.Globalization.CultureInfo.InvariantCulture);

    private static InconsistentStateException Inconsistent(string stateName, GrainId grainId, string? etag)
        => new($"State {stateName} of {grainId} was changed by another writer (expected ETag {etag ?? "none"}).");
}
