using System.Text.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Sawmill.Grains.Alerting;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Storage;
using Sawmill.Storage.Postgres.Logs;

namespace Sawmill.Storage.Postgres.Alerts;

/// <summary>Alerts as rows of a PostgreSQL table (the log store's database): a few columns to filter and sort on, the
/// alert itself as JSON.</summary>
public sealed class PostgresAlertStore : IAlertStore, IAsyncDisposable
{
    private const string Create = """
        CREATE TABLE IF NOT EXISTS alerts (
            alert_id text PRIMARY KEY,
            status smallint NOT NULL,
            last_seen bigint NOT NULL,
            body text NOT NULL
        );
        CREATE INDEX IF NOT EXISTS alerts_status ON alerts (status, last_seen);
        CREATE INDEX IF NOT EXISTS alerts_last_seen ON alerts (last_seen);
        """;

    private readonly NpgsqlDataSource _dataSource;
    private Task? _ready;

    public PostgresAlertStore(IOptions<PostgresStoreOptions> options)
    {
        _dataSource = NpgsqlDataSource.Create(options.Value.ConnectionString);
    }

    public async ValueTask UpsertAsync(IReadOnlyCollection<Alert> alerts, CancellationToken cancellationToken = default)
    {
        if (alerts.Count == 0) return;
        await ReadyAsync().WaitAsync(cancellationToken);
        // The last of several versions of one alert in a call wins, as consecutive upserts would have it.
        var latest = alerts.GroupBy(a => a.AlertId).Select(g => g.Last()).ToList();
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            INSERT INTO alerts (alert_id, status, last_seen, body) SELECT * FROM unnest(@id, @status, @last_seen, @body)
            ON CONFLICT (alert_id) DO UPDATE SET status = excluded.status, last_seen = excluded.last_seen, body = excluded.body
            """, connection);
        command.Parameters.Add(new NpgsqlParameter("id", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = latest.Select(a => a.AlertId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("status", NpgsqlDbType.Array | NpgsqlDbType.Smallint) { Value = latest.Select(a => (short)a.Status).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("last_seen", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = latest.Select(a => UnixMicros.From(a.LastSeen)).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("body", NpgsqlDbType.Array | NpgsqlDbType.Text)
        {
            Value = latest.Select(a => JsonSerializer.Serialize(a, SawmillJsonContext.Default.Alert)).ToArray(),
        });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public ValueTask<IReadOnlyList<Alert>> LoadActiveAsync(CancellationToken cancellationToken = default) =>
        QueryAsync($"SELECT body FROM alerts WHERE status <> {(int)AlertStatus.Resolved} ORDER BY last_seen", null, cancellationToken);

    public ValueTask<IReadOnlyList<Alert>> ListAsync(AlertStatus? status, int limit, CancellationToken cancellationToken = default) => QueryAsync(
        $"SELECT body FROM alerts {(status is null ? "" : $"WHERE status = {(int)status}")} ORDER BY last_seen DESC LIMIT @limit",
        command => command.Parameters.AddWithValue("limit", limit),
        cancellationToken);

    public async ValueTask<Alert?> GetAsync(string alertId, CancellationToken cancellationToken = default)
    {
        var found = await QueryAsync("SELECT body FROM alerts WHERE alert_id = @id", command => command.Parameters.AddWithValue("id", alertId), cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    public async ValueTask<long> CountAsync(AlertStatus status, CancellationToken cancellationToken = default)
    {
        await ReadyAsync().WaitAsync(cancellationToken);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM alerts WHERE status = @status", connection);
        command.Parameters.AddWithValue("status", (short)status);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    // The table is made on first use; a failed attempt (the database was down) is made again by the next call.
    private Task ReadyAsync()
    {
        var ready = Volatile.Read(ref _ready);
        if (ready is null || ready.IsFaulted || ready.IsCanceled)
        {
            ready = CreateTableAsync();
            Volatile.Write(ref _ready, ready);
        }
        return ready;
    }

    private async Task CreateTableAsync()
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(Create, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async ValueTask<IReadOnlyList<Alert>> QueryAsync(string sql, Action<NpgsqlCommand>? bind, CancellationToken cancellationToken)
    {
        await ReadyAsync().WaitAsync(cancellationToken);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        bind?.Invoke(command);
        var alerts = new List<Alert>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            alerts.Add(JsonSerializer.Deserialize(reader.GetString(0), SawmillJsonContext.Default.Alert)!);
        return alerts;
    }
}
