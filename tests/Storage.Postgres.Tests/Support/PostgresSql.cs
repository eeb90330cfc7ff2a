using Npgsql;

namespace Sawmill.Storage.Postgres.Tests.Support;

/// <summary>Looks into a test database directly, to check the shape the store gave it.</summary>
internal static class PostgresSql
{
    /// <summary>The first column of every row of <paramref name="sql"/>, as text.</summary>
    public static async Task<List<string>> ColumnAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync()) values.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        return values;
    }
}
