using Microsoft.Extensions.Diagnostics.HealthChecks;
using Sawmill.Storage.Sqlite;

namespace Sawmill.Silo;

/// <summary>Healthy while the SQLite file answers a query.</summary>
internal sealed class StorageHealthCheck(SqliteDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = database.Open();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy($"SQLite at {database.Path}");
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("The SQLite file does not answer.", ex);
        }
    }
}
