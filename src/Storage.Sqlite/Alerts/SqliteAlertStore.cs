using System.Text.Json;
using Microsoft.Data.Sqlite;
using Sawmill.Grains.Alerting;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Storage;

namespace Sawmill.Storage.Sqlite.Alerts;

/// <summary>Alerts as rows of the SQLite file: a few columns to filter and sort on, the alert itself as JSON;
/// writes go through the database's shared write queue.</summary>
public sealed class SqliteAlertStore : IAlertStore
{
    private readonly SqliteDatabase _database;

    public SqliteAlertStore(SqliteDatabase database)
    {
        _database = database;
        using var connection = database.Open();
        SqliteDatabase.Execute(connection, """
            CREATE TABLE IF NOT EXISTS alerts (
                alert_id TEXT PRIMARY KEY,
                status INTEGER NOT NULL,
                last_seen_us INTEGER NOT NULL,
                body TEXT NOT NULL
            ) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS ix_alerts_status ON alerts (status, last_seen_us);
            CREATE INDEX IF NOT EXISTS ix_alerts_last_seen ON alerts (last_seen_us);
            """);
    }

    public async ValueTask UpsertAsync(IReadOnlyCollection<Alert> alerts, CancellationToken cancellationToken = default)
    {
        var rows = alerts.Select(a => (a.AlertId, (int)a.Status, UnixMicros.From(a.LastSeen), JsonSerializer.Serialize(a, SawmillJsonContext.Default.Alert))).ToList();
        await _database.Writes.WriteAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO alerts (alert_id, status, last_seen_us, body) VALUES ($id, $status, $last_seen, $body)
                ON CONFLICT (alert_id) DO UPDATE SET status = excluded.status, last_seen_us = excluded.last_seen_us, body = excluded.body
                """;
            var (id, status, lastSeen, body) = (command.Parameters.Add("$id", SqliteType.Text), command.Parameters.Add("$status", SqliteType.Integer),
                command.Parameters.Add("$last_seen", SqliteType.Integer), command.Parameters.Add("$body", SqliteType.Text));
            foreach (var row in rows)
            {
                (id.Value, status.Value, lastSeen.Value, body.Value) = row;
                command.ExecuteNonQuery();
            }
        }, cancellationToken);
    }

    public ValueTask<IReadOnlyList<Alert>> LoadActiveAsync(CancellationToken cancellationToken = default)
        => QueryAsync($"SELECT body FROM alerts WHERE status <> {(int)AlertStatus.Resolved} ORDER BY last_seen_us", null, cancellationToken);

    public ValueTask<IReadOnlyList<Alert>> ListAsync(AlertStatus? status, int limit, CancellationToken cancellationToken = default)
        => QueryAsync(
            $"SELECT body FROM alerts {(status is null ? "" : $"WHERE status = {(int)status}")} ORDER BY last_seen_us DESC LIMIT $limit",
            command => command.Parameters.AddWithValue("$limit", limit),
            cancellationToken);

    public async ValueTask<Alert?> GetAsync(string alertId, CancellationToken cancellationToken = default)
    {
        var found = await QueryAsync("SELECT body FROM alerts WHERE alert_id = $id", command => command.Parameters.AddWithValue("$id", alertId), cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    public async ValueTask<long> CountAsync(AlertStatus status, CancellationToken cancellationToken = default)
    {
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM alerts WHERE status = $status";
        command.Parameters.AddWithValue("$status", (int)status);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private async ValueTask<IReadOnlyList<Alert>> QueryAsync(string sql, Action<SqliteCommand>? bind, CancellationToken cancellationToken)
    {
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind?.Invoke(command);
        var alerts = new List<Alert>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            alerts.Add(JsonSerializer.Deserialize(reader.GetString(0), SawmillJsonContext.Default.Alert)!);
        }
        return alerts;
    }
}
