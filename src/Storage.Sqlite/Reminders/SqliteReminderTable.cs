using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans;
using Orleans.Runtime;

namespace Sawmill.Storage.Sqlite.Reminders;

/// <summary>Orleans' reminder table in the silo's SQLite file: one row per reminder with the grain's ring hash, so a
/// silo reads the range it owns; registrations from many grains are group-committed.</summary>
public sealed class SqliteReminderTable : IReminderTable
{
    private const string Columns = "grain_id, reminder_name, start_at_us, period_us, etag";
    private readonly SqliteDatabase _database;

    public SqliteReminderTable(SqliteDatabase database, ILogger<SqliteReminderTable>? logger = null)
    {
        _database = database;
        OrleansTables.Ensure(database, logger ?? (ILogger)NullLogger.Instance);
    }

    public Task<ReminderTableData> ReadRows(GrainId grainId)
        => QueryAsync($"SELECT {Columns} FROM orleans_reminders WHERE grain_id = $id", c => c.Parameters.AddWithValue("$id", grainId.ToString()));

    public Task<ReminderTableData> ReadRows(uint begin, uint end)
        // A ring range (begin, end]; begin >= end wraps around past zero (begin == end is the whole ring).
        => QueryAsync(
            $"SELECT {Columns} FROM orleans_reminders WHERE " + (begin < end ? "grain_hash > $begin AND grain_hash <= $end" : "grain_hash > $begin OR grain_hash <= $end"),
            c =>
            {
                c.Parameters.AddWithValue("$begin", (long)begin);
                c.Parameters.AddWithValue("$end", (long)end);
            });

    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName)
    {
        var rows = await QueryAsync($"SELECT {Columns} FROM orleans_reminders WHERE grain_id = $id AND reminder_name = $name", c =>
        {
            c.Parameters.AddWithValue("$id", grainId.ToString());
            c.Parameters.AddWithValue("$name", reminderName);
        });
        return rows.Reminders.Count > 0 ? rows.Reminders[0] : null;
    }

    public async Task<string?> UpsertRow(ReminderEntry entry)
    {
        long etag = 0;
        await _database.Writes.WriteAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO orleans_reminders (grain_id, reminder_name, grain_hash, start_at_us, period_us, etag)
                VALUES ($id, $name, $hash, $start, $period, 1)
                ON CONFLICT (grain_id, reminder_name) DO UPDATE SET
                    start_at_us = excluded.start_at_us, period_us = excluded.period_us, etag = orleans_reminders.etag + 1
                RETURNING etag
                """;
            command.Parameters.AddWithValue("$id", entry.GrainId.ToString());
            command.Parameters.AddWithValue("$name", entry.ReminderName);
            command.Parameters.AddWithValue("$hash", (long)entry.GrainId.GetUniformHashCode());
            command.Parameters.AddWithValue("$start", ToMicroseconds(entry.StartAt));
            command.Parameters.AddWithValue("$period", (long)entry.Period.TotalMicroseconds);
            etag = (long)command.ExecuteScalar()!;
        }, CancellationToken.None);
        return etag.ToString(CultureInfo.InvariantCulture);
    }

    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag)
    {
        var removed = false;
        await _database.Writes.WriteAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM orleans_reminders WHERE grain_id = $id AND reminder_name = $name AND etag = $etag";
            command.Parameters.AddWithValue("$id", grainId.ToString());
            command.Parameters.AddWithValue("$name", reminderName);
            command.Parameters.AddWithValue("$etag", long.TryParse(eTag, CultureInfo.InvariantCulture, out var value) ? value : -1);
            removed = command.ExecuteNonQuery() == 1;
        }, CancellationToken.None);
        return removed;
    }

    public async Task TestOnlyClearTable()
        => await _database.Writes.WriteAsync(connection => SqliteDatabase.Execute(connection, "DELETE FROM orleans_reminders"), CancellationToken.None);

    private async Task<ReminderTableData> QueryAsync(string sql, Action<SqliteCommand> bind)
    {
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command);
        var entries = new List<ReminderEntry>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            entries.Add(new ReminderEntry
            {
                GrainId = GrainId.Parse(reader.GetString(0), CultureInfo.InvariantCulture),
                ReminderName = reader.GetString(1),
                StartAt = DateTime.UnixEpoch.AddTicks(reader.GetInt64(2) * 10),
                Period = TimeSpan.FromMicroseconds(reader.GetInt64(3)),
                ETag = reader.GetInt64(4).ToString(CultureInfo.InvariantCulture),
            });
        }
        return new ReminderTableData(entries);
    }

    private static long ToMicroseconds(DateTime time) => (time.ToUniversalTime().Ticks - DateTime.UnixEpoch.Ticks) / 10;
}
