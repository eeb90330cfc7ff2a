using System.Net;
using Microsoft.Playwright;
using Sawmill.Dashboard.Tests.Support;
using Sawmill.Silo.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Sawmill.Dashboard.Tests;

/// <summary>The dashboard hosted by the silo.</summary>
public sealed class EmbeddedDashboardPagesTests(DashboardFixture fixture) : DashboardPagesTests<DashboardFixture>(fixture);

/// <summary>The same pages on a standalone dashboard host that shows the silo over its HTTP API and /hubs/live.</summary>
public sealed class StandaloneDashboardPagesTests(StandaloneDashboardFixture fixture) : DashboardPagesTests<StandaloneDashboardFixture>(fixture);

/// <summary>The dashboard's pages in real Chromium against a silo on real Kestrel, data posted over HTTP.</summary>
public abstract class DashboardPagesTests<TFixture>(TFixture fixture) : IClassFixture<TFixture> where TFixture : DashboardFixture
{
    private const string Xss = "<script>alert(1)</script><img src=x onerror=alert(2)>";

    [Fact]
    public async Task Every_page_renders_without_console_errors()
    {
        await PostAsync(
            """{"message_type":"REGISTRATION","node_id":"render-1","service_name":"RenderService","version":"1.0"}""",
            """{"message_type":"LOG","node_id":"render-1","service_name":"RenderService","log_level":"WARN","message":"slow","response_time_ms":900,"threshold_limit_ms":500}""");
        await using var page = await fixture.OpenAsync("/");
        (string Path, string Heading)[] pages =
            [("/", "Overview"), ("/tail", "Live tail"), ("/nodes", "Nodes"), ("/nodes/render-1", "Nodes / render-1"),
             ("/alerts", "Alerts"), ("/search", "Search"), ("/grains", "Grains")];
        foreach (var (path, heading) in pages)
        {
            await page.GotoAsync(path);
            await Expect(page.Page.Locator("h1")).ToHaveTextAsync(heading);
        }
        await Expect(page.Page.Locator("#grain-metrics tbody tr").First).ToBeVisibleAsync();
        Assert.Empty(page.Errors);
    }

    [Fact]
    public async Task A_log_posted_over_http_appears_in_the_live_tail()
    {
        await using var page = await fixture.OpenAsync("/tail");
        await PostAsync("""{"message_type":"LOG","log_id":"tail-1","node_id":"tail-node","service_name":"TailService","log_level":"ERROR","message":"Card declined"}""");

        var row = page.Row("tail-1");
        await Expect(row).ToBeVisibleAsync();
        await Expect(row).ToContainTextAsync("Card declined");
        await Expect(row.Locator(".lvl")).ToHaveTextAsync("ERROR");
    }

    [Fact]
    public async Task The_live_tail_filters_by_level_on_the_server()
    {
        await using var page = await fixture.OpenAsync("/tail");
        await page.ChooseAsync(".level-filter", "ERROR+");
        await PostAsync(
            """{"message_type":"LOG","log_id":"filtered-info","node_id":"filter-node","service_name":"FilterService","log_level":"INFO","message":"quiet"}""",
            """{"message_type":"LOG","log_id":"filtered-error","node_id":"filter-node","service_name":"FilterService","log_level":"ERROR","message":"loud"}""");

        await Expect(page.Row("filtered-error")).ToBeVisibleAsync();
        await Expect(page.Row("filtered-info")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_node_whose_heartbeats_stop_turns_down_on_the_map()
    {
        await using var page = await fixture.OpenAsync("/nodes");
        await PostAsync(
            """{"message_type":"REGISTRATION","node_id":"silent-1","service_name":"SilentService"}""",
            """{"message_type":"HEARTBEAT","node_id":"silent-1"}""");

        var tile = page.Page.Locator("[data-node-id=\"silent-1\"]");
        await Expect(tile).ToBeVisibleAsync();
        await Expect(page.Page.Locator("[data-node-id=\"silent-1\"][data-status=\"DOWN\"]")).ToBeVisibleAsync();
        await Expect(tile).ToContainTextAsync("last heartbeat");
    }

    [Fact]
    public async Task An_alert_can_be_acknowledged_by_clicking_its_button()
    {
        await using var page = await fixture.OpenAsync("/alerts");
        await PostAsync("""{"message_type":"LOG","node_id":"ack-1","service_name":"AckService","log_level":"ERROR","message":"Card declined","error_details":{"error_code":"E42"}}""");

        var row = page.Page.Locator("tr[data-alert-id]", new PageLocatorOptions { HasText = "AckService" });
        await Expect(row).ToHaveAttributeAsync("data-status", "OPEN");
        var alertId = await row.GetAttributeAsync("data-alert-id");
        await row.Locator("button.ack").ClickAsync();

        await Expect(row).ToHaveAttributeAsync("data-status", "ACKNOWLEDGED");
        await Expect(row).ToContainTextAsync("ACKNOWLEDGED");
        var stored = await fixture.Api.GetNode($"/api/v1/alerts/{alertId}");
        Assert.Equal(("ACKNOWLEDGED", "dashboard"), ((string?)stored["status"], (string?)stored["acknowledged_by"]));
    }

    [Fact]
    public async Task A_search_returns_the_expected_rows_and_draws_the_histogram()
    {
        await PostAsync(
            """{"message_type":"LOG","log_id":"s-info","node_id":"search-1","service_name":"SearchService","log_level":"INFO","message":"walrus order shipped"}""",
            """{"message_type":"LOG","log_id":"s-warn","node_id":"search-1","service_name":"SearchService","log_level":"WARN","message":"walrus order slow","response_time_ms":850,"threshold_limit_ms":500}""",
            """{"message_type":"LOG","log_id":"s-other","node_id":"search-1","service_name":"SearchService","log_level":"WARN","message":"penguin order slow"}""");
        await using var page = await fixture.OpenAsync("/search");

        await page.Page.FillAsync("#query", "walrus");
        await page.Page.ClickAsync("#run-search");

        await Expect(page.Page.Locator(".log-list [data-log-id]")).ToHaveCountAsync(2);
        await Expect(page.Row("s-info")).ToBeVisibleAsync();
        await Expect(page.Row("s-warn")).ToBeVisibleAsync();
        await Expect(page.Page.Locator("#result-count")).ToHaveTextAsync("2 entries");
        await Expect(page.Page.Locator("#store-stats")).ToContainTextAsync("partition");
        await page.Page.WaitForFunctionAsync("() => Number(document.getElementById('histogram')?.dataset.total) > 0 && document.querySelector('#histogram svg') !== null");

        await page.Row("s-warn").ClickAsync();
        var detail = page.Page.Locator("#entry-detail");
        await Expect(detail).ToContainTextAsync("850.0 ms");
        await Expect(detail).ToContainTextAsync("threshold_limit_ms 500.0 ms");
    }

    [Fact]
    public async Task The_entry_detail_shows_text_as_characters_not_json_escapes()
    {
        await using var page = await fixture.OpenAsync("/tail?node=unicode-node");
        await PostAsync("""{"message_type":"LOG","log_id":"unicode-1","node_id":"unicode-node","service_name":"UnicodeService","log_level":"INFO","message":"shipped","city":"Z\u00fcrich","query":"a=1&b=2","tag":"\ud83d\ude80 <b>"}""");

        await page.Row("unicode-1").ClickAsync();
        var properties = page.Page.Locator("#entry-detail .json");
        await Expect(properties).ToContainTextAsync("\"city\": \"Zürich\"");
        await Expect(properties).ToContainTextAsync("\"query\": \"a=1&b=2\"");
        await Expect(properties).ToContainTextAsync("\"tag\": \"🚀 <b>\"");
        Assert.DoesNotContain("\\u", await properties.TextContentAsync());
        Assert.Equal(0, await page.Page.Locator("#entry-detail b").CountAsync());
    }

    [Fact]
    public async Task Newest_first_in_the_live_tail_is_time_order_not_arrival_order()
    {
        await using var page = await fixture.OpenAsync("/tail?node=order-node");
        var now = DateTimeOffset.UtcNow;
        string Entry(string id, int secondsAgo) => $$"""{"message_type":"LOG","log_id":"{{id}}","node_id":"order-node","service_name":"OrderService","log_level":"INFO","message":"step {{id}}","timestamp":"{{now.AddSeconds(-secondsAgo):O}}"}""";
        // One batch, one node: they arrive in this order, which is not the order in time.
        await PostAsync(Entry("middle", 20), Entry("oldest", 30), Entry("newest", 10));

        var rows = page.Page.Locator(".log-list [data-log-id]");
        await Expect(rows).ToHaveCountAsync(3);
        Assert.Equal(["newest", "middle", "oldest"], await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.logId)"));
    }

    [Fact]
    public async Task A_node_known_only_from_its_logs_shows_as_unwatched_not_up()
    {
        await using var page = await fixture.OpenAsync("/nodes");
        await PostAsync("""{"message_type":"LOG","log_id":"unwatched-log","node_id":"logs-only-1","service_name":"LogsOnlyService","log_level":"INFO","message":"hello"}""");

        var tile = page.Page.Locator("[data-node-id=\"logs-only-1\"]");
        await Expect(tile).ToHaveAttributeAsync("data-status", "UNWATCHED");
        await Expect(tile.Locator(".tile-status")).ToHaveTextAsync("UNWATCHED");
        await Expect(tile).ToContainTextAsync("no heartbeats");
        var node = await fixture.Api.GetNode("/api/v1/nodes/logs-only-1");
        Assert.False((bool)node["node"]!["watched"]!);
    }

    [Fact]
    public async Task Errors_of_one_code_from_several_nodes_are_one_alert_with_its_rule_nodes_and_rate()
    {
        await using var page = await fixture.OpenAsync("/alerts?service=GroupService");
        await PostAsync(
            """{"message_type":"LOG","node_id":"group-1","service_name":"GroupService","log_level":"ERROR","message":"Card declined","error_details":{"error_code":"E77"}}""",
            """{"message_type":"LOG","node_id":"group-2","service_name":"GroupService","log_level":"ERROR","message":"Card declined","error_details":{"error_code":"E77"}}""",
            """{"message_type":"LOG","node_id":"other-1","service_name":"OtherGroupService","log_level":"ERROR","message":"Other","error_details":{"error_code":"E77"}}""");

        var rows = page.Page.Locator("tr[data-alert-id]");
        await Expect(rows.First).ToContainTextAsync("2 nodes");
        await Expect(rows).ToHaveCountAsync(1);
        var row = rows.First;
        await Expect(row.Locator("td.rule")).ToHaveTextAsync("ERROR entries");
        await Expect(row).ToContainTextAsync("ERROR in GroupService: E77: Card declined");
        await Expect(row.Locator(".sparkline rect")).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync("0.4/min");

        await page.Page.ClickAsync("[data-status-filter='resolved']");
        await Expect(rows).ToHaveCountAsync(0);
        await Expect(page.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("status=resolved.*service=GroupService|service=GroupService.*status=resolved"));
    }

    [Fact]
    public async Task Slash_focuses_the_tail_text_box_and_space_pauses_and_resumes()
    {
        await using var page = await fixture.OpenAsync("/tail");
        var pause = page.Page.Locator("#pause");
        await Expect(pause).ToHaveTextAsync("Pause");

        await page.Page.Keyboard.PressAsync("Space");
        await Expect(pause).ToHaveTextAsync("Resume");
        await Expect(page.Page.Locator("#live-state")).ToHaveTextAsync("paused");
        await page.Page.Locator("h1").ClickAsync();
        await page.Page.Keyboard.PressAsync("Space");
        await Expect(pause).ToHaveTextAsync("Pause");

        await page.Page.Locator("h1").ClickAsync();
        await page.Page.Keyboard.PressAsync("/");
        await Expect(page.Page.Locator("#tail-text")).ToBeFocusedAsync();
        // Typing a space in the box is text, not a pause.
        await page.Page.Keyboard.TypeAsync("card declined");
        await Expect(page.Page.Locator("#tail-text")).ToHaveValueAsync("card declined");
        await Expect(pause).ToHaveTextAsync("Pause");
    }

    [Fact]
    public async Task Presets_search_their_range_and_custom_offers_a_date_range_with_times_of_day()
    {
        var now = DateTimeOffset.UtcNow;
        await PostAsync($$"""{"message_type":"LOG","log_id":"range-old","node_id":"range-1","service_name":"RangeService","log_level":"INFO","message":"capybara then","timestamp":"{{now.AddDays(-3):O}}"}""",
            """{"message_type":"LOG","log_id":"range-new","node_id":"range-1","service_name":"RangeService","log_level":"INFO","message":"capybara now"}""");
        await using var page = await fixture.OpenAsync("/search");
        await page.Page.FillAsync("#query", "capybara");
        await page.Page.ClickAsync("[data-range='7d']");
        await Expect(page.Page.Locator("#result-count")).ToHaveTextAsync("2 entries");
        await page.Page.ClickAsync("[data-range='24h']");
        await Expect(page.Page.Locator("#result-count")).ToHaveTextAsync("1 entry");
        await Expect(page.Row("range-new")).ToBeVisibleAsync();

        await page.Page.ClickAsync("[data-range='custom']");
        await Expect(page.Page.Locator("div.mud-picker.days-input")).ToBeVisibleAsync();
        await Expect(page.Page.Locator("div.mud-picker.time-input")).ToHaveCountAsync(2);
        await Expect(page.Page.Locator("div.mud-picker.days-input label")).ToHaveTextAsync("days (UTC)");
        Assert.Empty(page.Errors);
    }

    [Fact]
    public async Task A_new_critical_alert_pops_up_as_a_snackbar_on_any_page()
    {
        await using var page = await fixture.OpenAsync("/grains");
        await PostAsync("""{"message_type":"LOG","node_id":"snack-1","service_name":"SnackService","log_level":"FATAL","message":"Disk on fire","error_details":{"error_code":"DISK"}}""");

        var snackbar = page.Page.Locator(".mud-snackbar", new PageLocatorOptions { HasTextString = "SnackService" });
        await Expect(snackbar).ToContainTextAsync("FATAL in SnackService: DISK: Disk on fire");
        await snackbar.GetByText("Alerts").ClickAsync();
        // A client-side navigation: poll the URL (no load event comes).
        await Expect(page.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/alerts\\?status=open$"));
        await Expect(page.Page.Locator("tr[data-alert-id]", new PageLocatorOptions { HasTextString = "SnackService" })).ToHaveAttributeAsync("data-status", "OPEN");
    }

    [Fact]
    public async Task A_bad_query_shows_the_store_error_message()
    {
        await using var page = await fixture.OpenAsync("/search");
        await page.Page.FillAsync("#query", "\"unbalanced");
        await page.Page.ClickAsync("#run-search");

        await Expect(page.Page.Locator("#search-error")).ToContainTextAsync("q:");
        Assert.Empty(page.Errors);
    }

    [Fact]
    public async Task An_xss_payload_in_a_log_message_is_shown_as_text()
    {
        await using var page = await fixture.OpenAsync("/tail");
        await PostAsync($$"""{"message_type":"LOG","log_id":"xss-1","node_id":"xss-node","service_name":"XssService","log_level":"ERROR","message":{{Json.Serialize(Xss)}}}""");

        await Expect(page.Row("xss-1").Locator(".msg")).ToHaveTextAsync(Xss);
        await AssertInertAsync(page);

        await page.GotoAsync("/search?node=xss-node");
        await page.Row("xss-1").ClickAsync();
        await Expect(page.Page.Locator("#entry-detail .message")).ToHaveTextAsync(Xss);
        await AssertInertAsync(page);
        Assert.Empty(page.Dialogs);
    }

    [Fact]
    public async Task Hostile_text_in_every_field_stays_text_on_every_page()
    {
        const string Hostile = "<img src=x onerror=alert(3)>";
        const string Service = "Svc" + Hostile;
        await PostAsync(
            $$"""{"message_type":"REGISTRATION","node_id":"hostile-node","service_name":{{Json.Serialize(Service)}},"region":{{Json.Serialize(Hostile)}}}""",
            $$"""{"message_type":"LOG","log_id":"hostile-1","node_id":"hostile-node","service_name":{{Json.Serialize(Service)}},"log_level":"ERROR","message":{{Json.Serialize(Xss)}},"error_details":{"error_code":{{Json.Serialize("E" + Hostile)}},"error_message":{{Json.Serialize(Hostile)}}},"note":{{Json.Serialize(Hostile)}}}""");
        await using var page = await fixture.OpenAsync("/");
        foreach (var path in new[] { "/", "/tail?node=hostile-node", "/nodes", "/nodes/hostile-node", "/alerts", "/search?node=hostile-node" })
        {
            await page.GotoAsync(path);
            // The page shows the hostile text as characters (so it did render it), and nothing of it ran or became markup.
            await Expect(page.Page.Locator("body")).ToContainTextAsync(Hostile);
            await AssertInertAsync(page);
        }
        await page.Row("hostile-1").ClickAsync();
        await Expect(page.Page.Locator("#entry-detail")).ToContainTextAsync("E" + Hostile);
        await AssertInertAsync(page);
        Assert.Empty(page.Dialogs);
    }

    private static async Task AssertInertAsync(DashboardPage page)
    {
        var injected = await page.Page.EvaluateAsync<int>(
            "() => document.querySelectorAll('img[src=\"x\"]').length + [...document.scripts].filter(s => s.textContent.includes('alert(1)')).length");
        Assert.Equal(0, injected);
    }

    private async Task PostAsync(params string[] items)
    {
        using var response = await fixture.Api.PostEvents(Examples.Array(items));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }
}
