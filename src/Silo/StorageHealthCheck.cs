using Microsoft.Extensions.Diagnostics.HealthChecks;
using Sawmill.Grains.Storage;
using Sawmill.Storage.Sqlite;

namespace Sawmill.Silo;

/// <summary>Healthy while the log store answers (and, embedded, the SQLite file); reports its size, partitions and
/// oldest entry.</summary>
internal sealed class StorageHealthCheck(ILogReader logs, IServiceProvider services) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var database = services.GetService<SqliteDatabase>();
        var store = logs is Sawmill.Storage.Sqlite.Logs.SqliteLogStore && database is not null ? $"SQLite at {database.Path}" : "PostgreSQL";
        try
        {
            if (database is not null)
            {
                await using var connection = database.Open();
                await using var command = connection.CreateCommand();
                command.CommandText = "SELECT 1";
                await command.ExecuteScalarAsync(cancellationToken);
            }
            var stats = await logs.GetStatsAsync(cancellationToken);
            return HealthCheckResult.Healthy(store, new Dictionary<string, object>
            {
                ["size_bytes"] = stats.SizeBytes,
                ["partitions"] = stats.Partitions,
                ["oldest_entry"] = stats.OldestEntry?.ToString("O") ?? "",
            });
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy($"The log store ({store}) does not answer.", ex);
        }
    }
}
