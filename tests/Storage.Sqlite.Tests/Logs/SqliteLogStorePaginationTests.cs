using Microsoft.Data.Sqlite;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Storage;
using Sawmill.Grains.Tests.Support;
using Sawmill.Storage.Sqlite;
using Sawmill.Storage.Sqlite.Logs;
using static Sawmill.Storage.Sqlite.Tests.Logs.LogStoreHarness;

namespace Sawmill.Storage.Sqlite.Tests.Logs;

public sealed class SqliteLogStorePaginationTests
{
    // Three entries share each second, so the id breaks ties inside a timestamp.
    private static LogEntry[] Rows(int count) => Enumerable.Range(0, count)
        .Select(i => Log($"r{i:D3}", message: $"row {i}") with { Timestamp = T0.AddSeconds(i / 3) })
        .ToArray();

    [Fact]
    public async Task Walking_all_pages_returns_every_row_once_newest_first()
    {
        await using var harness = new LogStoreHarness();
        var rows = Rows(250);
        await harness.Store.AppendAsync(rows);

        var pages = new List<LogPage>();
        string? cursor = null;
        do
        {
            var page = await harness.Store.SearchAsync(new LogQuery { Limit = 40, Cursor = cursor });
            pages.Add(page);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal([40, 40, 40, 40, 40, 40, 10], pages.Select(p => p.Items.Count));
        Assert.Equal(rows.Reverse().Select(r => r.LogId), pages.SelectMany(p => p.Items).Select(LogIdOf));
    }

    [Fact]
    public async Task Last_page_has_no_cursor_when_the_rows_fill_it_exactly()
    {
        await using var harness = new LogStoreHarness();
        await harness.Store.AppendAsync(Rows(80));

        var first = await harness.Store.SearchAsync(new LogQuery { Limit = 40 });
        var second = await harness.Store.SearchAsync(new LogQuery { Limit = 40, Cursor = first.NextCursor });

        Assert.NotNull(first.NextCursor);
        Assert.Equal(40, second.Items.Count);
        Assert.Null(second.NextCursor);
    }

    [Fact]
    public async Task Rows_inserted_between_pages_neither_shift_nor_repeat_the_original_rows()
    {
        await using var harness = new LogStoreHarness();
        var rows = Rows(250);
        await harness.Store.AppendAsync(rows);

        var seen = new List<string>();
        string? cursor = null;
        var round = 0;
        do
        {
            var page = await harness.Store.SearchAsync(new LogQuery { Limit = 40, Cursor = cursor });
            seen.AddRange(page.Items.Select(LogIdOf));
            cursor = page.NextCursor;
            round++;
            // Newer rows, older rows, and rows sharing the timestamp of the original newest and oldest ones.
            await harness.Store.AppendAsync(
            [
                Log($"new-{round}") with { Timestamp = T0.AddHours(1).AddSeconds(round) },
                Log($"old-{round}") with { Timestamp = T0.AddHours(-1).AddSeconds(-round) },
                Log($"same-newest-{round}") with { Timestamp = rows[^1].Timestamp },
                Log($"same-oldest-{round}") with { Timestamp = rows[0].Timestamp },
            ]);
        }
        while (cursor is not null);

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(rows.Reverse().Select(r => r.LogId), seen.Where(id => id.StartsWith('r')));
        Assert.DoesNotContain(seen, id => id.StartsWith("new-", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("not a cursor!")]
    [InlineData("AAAA")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("")]
    public async Task Cursor_not_issued_by_the_store_is_rejected(string cursor)
    {
        await using var harness = new LogStoreHarness();

        var error = await Assert.ThrowsAsync<QuerySyntaxException>(async () =>
            await harness.Store.SearchAsync(new LogQuery { Cursor = cursor }));

        Assert.Equal("cursor", error.Parameter);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1001)]
    public async Task Limit_outside_1_to_1000_is_rejected(int limit)
    {
        await using var harness = new LogStoreHarness();

        var error = await Assert.ThrowsAsync<QuerySyntaxException>(async () =>
            await harness.Store.SearchAsync(new LogQuery { Limit = limit }));

        Assert.Equal("limit", error.Parameter);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("payment")]
    [InlineData("NOT payment")]
    public async Task Newest_first_order_is_the_rowid_order_without_sorting(string? text)
    {
        await using var harness = new LogStoreHarness();
        await harness.AppendAsync(Log("a", message: "payment"));
        var filter = EntryFilter.For(new LogQuery { Text = text, Levels = new HashSet<Severity> { Severity.Error } });
        using var connection = new SqliteConnection($"Data Source={Path.Combine(harness.LogsPath, Assert.Single(harness.PartitionFiles()))}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + PartitionQueries.PageSql(filter);
        foreach (var name in new[] { "$lo", "$hi", "$limit", "$match" }) command.Parameters.AddWithValue(name, name == "$match" ? "x" : 1);

        var plan = new List<string>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
                plan.Add(reader.GetString(3));
        }

        Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }
}
