using System.Net;
using Microsoft.Playwright;
using Sawmill.Dashboard.Tests.Support;
using Sawmill.Silo.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Sawmill.Dashboard.Tests;

/// <summary>The log table (a virtualized MudTable) as the live tail and the overview use it, in real Chromium.</summary>
public sealed class LogTableTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    private const int RowHeight = 24;
    private const string Scroller = ".log-list .mud-table-container";

    [Fact]
    public async Task A_long_tail_renders_only_the_rows_in_view_at_one_height_under_a_header_that_stays()
    {
        await using var page = await fixture.OpenAsync("/tail?node=virtual-1");
        await FillAsync(page, Entries("virtual-1", "v", 300));

        var rows = page.Page.Locator(".log-list tr.log-row");
        var rendered = await rows.CountAsync();
        Assert.InRange(rendered, 10, 100);
        Assert.All(await rows.EvaluateAllAsync<int[]>("rows => rows.map(r => r.offsetHeight)"), height => Assert.Equal(RowHeight, height));

        // Newest first: row i is v-(299 - i); 125 rows down is v-174, and the newest rows leave the page.
        await page.Page.Locator(Scroller).EvaluateAsync($"box => box.scrollTop = {125 * RowHeight}");
        await Expect(page.Row("v-174")).ToBeInViewportAsync();
        await Expect(page.Row("v-299")).ToHaveCountAsync(0);
        var header = await page.Page.Locator(".log-list thead th").First.BoundingBoxAsync();
        var box = await page.Page.Locator(Scroller).BoundingBoxAsync();
        Assert.InRange(header!.Y - box!.Y, -1, 1);
    }

    [Fact]
    public async Task Scrolling_away_from_the_newest_rows_holds_new_ones_until_the_reader_jumps_back()
    {
        await using var page = await fixture.OpenAsync("/tail?node=hold-1");
        await FillAsync(page, Entries("hold-1", "h", 100));

        await page.Page.Locator(Scroller).EvaluateAsync($"box => box.scrollTop = {50 * RowHeight}");
        var state = page.Page.Locator("#live-state");
        await Expect(state).ToHaveTextAsync("holding 0 new while you read");
        await Expect(page.Row("h-049")).ToBeInViewportAsync();
        var reading = await page.Row("h-049").BoundingBoxAsync();

        await PostAsync(Entries("hold-1", "later", 2));
        await Expect(state).ToHaveTextAsync("holding 2 new while you read");
        await Expect(page.Page.Locator(".live-status")).ToContainTextAsync("100 / 500 rows");
        Assert.Equal(reading!.Y, (await page.Row("h-049").BoundingBoxAsync())!.Y);

        await page.Page.ClickAsync("#to-newest");
        await Expect(state).ToHaveTextAsync("live");
        await Expect(page.Page.Locator(".live-status")).ToContainTextAsync("102 / 500 rows");
        await Expect(page.Row("later-001")).ToBeInViewportAsync();
    }

    [Fact]
    public async Task Follow_keeps_the_newest_row_in_view_at_the_bottom()
    {
        await using var page = await fixture.OpenAsync("/tail?node=follow-1&follow=true");
        await FillAsync(page, Entries("follow-1", "f", 100));

        await Expect(page.Row("f-099")).ToBeInViewportAsync();
        await Expect(page.Row("f-000")).Not.ToBeInViewportAsync();
        Assert.Equal("f-099", await page.Page.Locator(".log-list tr.log-row [data-log-id]").Last.GetAttributeAsync("data-log-id"));

        await PostAsync(Entries("follow-1", "g", 1));
        await Expect(page.Row("g-000")).ToBeInViewportAsync();
        await Expect(page.Page.Locator("#live-state")).ToHaveTextAsync("live");
    }

    [Fact]
    public async Task The_overview_shows_a_long_problem_message_wrapped_across_the_panel()
    {
        const string message = "Payment gateway timed out after three retries while charging the card for order 4711 of customer 993";
        await using var page = await fixture.OpenAsync("/");
        await PostAsync($$"""{"message_type":"LOG","node_id":"wrap-1","service_name":"WrapService","log_level":"ERROR","message":"{{message}}"}""");

        var cell = page.Page.Locator(".log-list.wrap td.msg", new PageLocatorOptions { HasTextString = message });
        await Expect(cell).ToHaveTextAsync(message);
        var table = await page.Page.Locator(".log-list.wrap table").BoundingBoxAsync();
        Assert.True((await cell.BoundingBoxAsync())!.Width > table!.Width * 0.9, "the message should span the panel's width");
    }

    /// <summary>count LOG entries prefix-000.. on one node, a millisecond apart and oldest first, ending now.</summary>
    private static string[] Entries(string node, string prefix, int count)
    {
        var now = DateTimeOffset.UtcNow;
        return [.. Enumerable.Range(0, count).Select(i =>
            $$"""{"message_type":"LOG","log_id":"{{prefix}}-{{i:D3}}","node_id":"{{node}}","service_name":"TableService","log_level":"INFO","message":"row {{i}}","timestamp":"{{now.AddMilliseconds(i - count):O}}"}""")];
    }

    /// <summary>Posts the entries 50 at a time, each time waiting for the tail to show them: a tick shows at most 80
    /// new rows and counts the rest as thinned.</summary>
    private async Task FillAsync(DashboardPage page, string[] entries)
    {
        for (var shown = 0; shown < entries.Length;)
        {
            var chunk = entries[shown..Math.Min(entries.Length, shown + 50)];
            await PostAsync(chunk);
            shown += chunk.Length;
            await Expect(page.Page.Locator(".live-status")).ToContainTextAsync($"{shown} / 500 rows");
        }
    }

    private async Task PostAsync(params string[] items)
    {
        using var response = await fixture.Api.PostEvents(Examples.Array(items));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }
}
