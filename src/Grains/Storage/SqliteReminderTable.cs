using Microsoft.Data.Sqlite;
using Sawmill.Grains.Runtime;

namespace Sawmill.Grains.Storage;

/// <summary>Durable reminders as rows of the SQLite file; registrations from many grains are group-committed.</summary>
public sealed class SqliteReminderTable : IReminderTable
{
    private readonly SqliteDatabase _database;

    public SqliteReminderTable(SqliteDatabase database)
    {
        _database = database;
        using var connection = database.Open();
        SqliteDatabase.Execute(connection, """
            CREATE TABLE IF NOT EXISTS reminders (
                grain_type TEXT NOT NULL,
                grain_key TEXT NOT NULL,
                name TEXT NOT NULL,
                first_due_us INTEGER NOT NULL,
                period_us INTEGER NOT NULL,
                PRIMARY KEY (grain_type, grain_key, name)
            ) WITHOUT ROWID;
            """);
    }

    public async ValueTask<IReadOnlyList<ReminderEntry>> ReadAllAsync(CancellationToken cancellationToken)
    {
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT grain_type, grain_key, name, first_due_us, period_us FROM reminders";
        var entries = new List<ReminderEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new ReminderEntry(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                DateTimeOffset.UnixEpoch.AddTicks(reader.GetInt64(3) * 10),
                TimeSpan.FromMicroseconds(reader.GetInt64(4))));
        }
        return entries;
    }

    public async ValueTask UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken)
        => await _database.Writes.WriteAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO reminders (grain_type, grain_key, name, first_due_us, period_us) VALUES ($type, $key, $name, $due, $period)
                ON CONFLICT (grain_type, grain_key, name) DO UPDATE SET first_due_us = excluded.first_due_us, period_us = excluded.period_us
                """;
            Bind(command, entry.GrainType, entry.GrainKey, entry.Name);
            command.Parameters.AddWithValue("$due", (entry.FirstDue.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10);
            command.Parameters.AddWithValue("$period", (long)entry.Period.TotalMicroseconds);
            command.ExecuteNonQuery();
        }, cancellationToken);

    public async ValueTask DeleteAsync(string grainType, string grainKey, string name, CancellationToken cancellationToken)
        => await _database.Writes.WriteAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM reminders WHERE grain_type = $type AND grain_key = $key AND name = $name";
            Bind(command, grainType, grainKey, name);
            command.ExecuteNonQuery();
        }, cancellationToken);


    private static void Bind(SqliteCommand command, string grainType, string grainKey, string name)
    {
        command.Parameters.AddWithValue("$type", grainType);
        command.Parameters.AddWithValue("$key", grainKey);
        command.Parameters.AddWithValue("$name", name);
    }
}
