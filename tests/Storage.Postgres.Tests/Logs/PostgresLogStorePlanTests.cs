using Npgsql;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Storage;
using Sawmill.Storage.Postgres.Logs;
using Sawmill.Storage.Postgres.Tests.Support;
using static Sawmill.LogStore.Contract.StoreHarness;

namespace Sawmill.Storage.Postgres.Tests.Logs;

/// <summary>What PostgreSQL can do with the store's page query: walk the (ts, seq) index of each partition backwards,
/// merged, so a page needs no sort (the planner still picks a bitmap scan and a sort where the filter is rare), and
/// read only the partitions a time range overlaps.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresLogStorePlanTests(PostgresServer server)
{
    [Theory]
    [InlineData(null)]
    [InlineData("payment")]
    [InlineData("NOT payment")]
    public async Task A_newest_first_page_can_walk_the_index_in_order_without_a_sort(string? text)
    {
        var plan = await PlanAsync(new LogQuery { Text = text, Levels = new HashSet<Severity> { Severity.Error } }, cursor: new LogCursor(1, 1));

        Assert.False(plan.Any(step => step.TrimStart().StartsWith("Sort", StringComparison.Ordinal) || step.Contains("-> Sort", StringComparison.Ordinal)),
            "the plan sorts:\n" + string.Join("\n", plan));
    }

    [Fact]
    public async Task A_time_range_reads_only_the_partitions_it_overlaps()
    {
        var plan = await PlanAsync(new LogQuery { From = T0.AddMinutes(1), To = T0.AddMinutes(2) });

        Assert.Contains(plan, step => step.Contains("log_entries_20261121t120100", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.Contains("log_entries_20261121t120000", StringComparison.Ordinal) || step.Contains("log_entries_20261121t120200", StringComparison.Ordinal));
    }

    private async Task<List<string>> PlanAsync(LogQuery query, LogCursor? cursor = null)
    {
        await using var harness = await PostgresHarness.OpenAsync(server, new Sawmill.LogStore.Contract.StoreSetup(TimeSpan.FromMinutes(1)));
        await harness.AppendAsync(Enumerable.Range(0, 3).Select(m => (SawmillMessage)Log($"m{m}", minute: m, level: Severity.Error, message: "payment")).ToArray());
        var filter = PgFilter.For(query);
        var range = (query.From is { } from ? UnixMicros.From(from) : long.MinValue, query.To is { } to ? UnixMicros.From(to) : long.MaxValue);
        await using var connection = new NpgsqlConnection(harness.Options.ConnectionString);
        await connection.OpenAsync();
        // On three rows the planner rightly prefers to sort; with sorts priced out, a plan without one exists only if the
        // indexes give the order.
        await using (var settings = new NpgsqlCommand("SET enable_sort = off", connection)) await settings.ExecuteNonQueryAsync();
        await using var command = filter.Command(connection, "EXPLAIN " + PgReader.PageSql(filter, range, cursor, 10));
        var plan = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) plan.Add(reader.GetString(0));
        return plan;
    }
}
