using Microsoft.Extensions.Diagnostics.HealthChecks;
using Sawmill.Storage.Sqlite;
using Sawmill.Storage.Sqlite.Logs;

namespace Sawmill.Silo;

/// <summary>Healthy while the SQLite file answers a query; reports the log store's size, partitions and oldest entry.</summary>
internal sealed class StorageHealthCheck(SqliteDatabase database, SqliteLogStore logs) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = database.Open();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(cancellationToken);
            var stats = await logs.GetStatsAsync(cancellationToken);
            return HealthCheckResult.Healthy($"SQLite at {database.Path}", new Dictionary<string, object>
            {
                ["size_bytes"] = stats.SizeBytes,
                ["partitions"] = stats.Partitions,
                ["oldest_entry"] = stats.OldestEntry?.ToString("O") ?? "",
            });
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("The SQLite file does not answer.", ex);
        }
    }
}
