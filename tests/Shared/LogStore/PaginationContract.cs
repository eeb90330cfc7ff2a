using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Storage;
using static Sawmill.LogStore.Contract.StoreHarness;

namespace Sawmill.LogStore.Contract;

/// <summary>Newest-first keyset paging: every row once, stable under concurrent inserts, bad cursors and limits refused.</summary>
public abstract class PaginationContract : LogStoreContract
{
    // Three entries share each second, so the id breaks ties inside a timestamp.
    private static LogEntry[] Rows(int count) => Enumerable.Range(0, count)
        .Select(i => Log($"r{i:D3}", message: $"row {i}") with { Timestamp = T0.AddSeconds(i / 3) })
        .ToArray();

    [Fact]
    public async Task Walking_all_pages_returns_every_row_once_newest_first()
    {
        await using var harness = await OpenAsync();
        var rows = Rows(250);
        await harness.LogStore.AppendAsync(rows);

        var pages = new List<LogPage>();
        string? cursor = null;
        do
        {
            var page = await harness.LogStore.SearchAsync(new LogQuery { Limit = 40, Cursor = cursor });
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
        await using var harness = await OpenAsync();
        await harness.LogStore.AppendAsync(Rows(80));

        var first = await harness.LogStore.SearchAsync(new LogQuery { Limit = 40 });
        var second = await harness.LogStore.SearchAsync(new LogQuery { Limit = 40, Cursor = first.NextCursor });

        Assert.NotNull(first.NextCursor);
        Assert.Equal(40, second.Items.Count);
        Assert.Null(second.NextCursor);
    }

    [Fact]
    public async Task Rows_inserted_between_pages_neither_shift_nor_repeat_the_original_rows()
    {
        await using var harness = await OpenAsync();
        var rows = Rows(250);
        await harness.LogStore.AppendAsync(rows);

        var seen = new List<string>();
        string? cursor = null;
        var round = 0;
        do
        {
            var page = await harness.LogStore.SearchAsync(new LogQuery { Limit = 40, Cursor = cursor });
            seen.AddRange(page.Items.Select(LogIdOf));
            cursor = page.NextCursor;
            round++;
            // Newer rows, older rows, and rows sharing the timestamp of the original newest and oldest ones.
            await harness.LogStore.AppendAsync(
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
        await using var harness = await OpenAsync();

        var error = await Assert.ThrowsAsync<QuerySyntaxException>(async () =>
            await harness.LogStore.SearchAsync(new LogQuery { Cursor = cursor }));

        Assert.Equal("cursor", error.Parameter);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1001)]
    public async Task Limit_outside_1_to_1000_is_rejected(int limit)
    {
        await using var harness = await OpenAsync();

        var error = await Assert.ThrowsAsync<QuerySyntaxException>(async () =>
            await harness.LogStore.SearchAsync(new LogQuery { Limit = limit }));

        Assert.Equal("limit", error.Parameter);
    }
}
