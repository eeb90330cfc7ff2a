using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Sawmill.Dashboard.Tests.Support;
using Sawmill.Grains.Alerting;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Tests.Support;
using Sawmill.Silo.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Sawmill.Dashboard.Tests;

/// <summary>A silo with a long heartbeat timeout, so the demo fleet stays UP while the pages are photographed.</summary>
public sealed class DemoFleetFixture : DashboardFixture
{
    protected override Dictionary<string, string?> Settings => new() { ["NodeHealth:HeartbeatTimeout"] = "00:05:00" };
}

/// <summary>Screenshots of the main pages (1400x900) over an hour of a small fleet's logs; SAWMILL_SCREENSHOTS=docs saves them to docs/screenshots.</summary>
public sealed class ScreenshotTests(DemoFleetFixture fixture) : IClassFixture<DemoFleetFixture>
{
    [Fact]
    public async Task Screenshots_of_the_main_pages_show_a_fleet_at_work()
    {
        var now = DateTimeOffset.UtcNow;
        using var alerts = fixture.Silo.Services.GetRequiredService<AlertFeed>().Subscribe();
        await PostAsync(DemoData.Nodes());
        await PostAsync(DemoData.Logs(now, 600));
        await PostAsync([DemoData.SlowCall(now)]);
        // Alerts open asynchronously (critical_logs -> the alert grain): wait for two before settling them.
        for (var opened = 0; opened < 2;)
        {
            if ((await Await.Next(alerts.Reader, "the demo's errors to open alerts")).Change == AlertChange.Opened) opened++;
        }
        await SettleAlertsAsync();

        await using var page = await fixture.OpenAsync("/");
        await page.Page.WaitForFunctionAsync("() => Number(document.getElementById('overview-levels')?.dataset.total) > 0 && document.querySelector('#overview-levels svg') !== null");
        await PostAsync(DemoData.Logs(DateTimeOffset.UtcNow, 150));
        await Expect(page.Page.Locator("#ingest-rate .stat-value")).Not.ToHaveTextAsync("0.0/s");
        await SaveAsync(page, "overview");
        await SavePagesAsync(page, "");

        // Dark mode is kept per browser: one click, then every page again.
        await page.GotoAsync("/");
        await page.Page.ClickAsync("#dark-mode");
        await page.Page.WaitForFunctionAsync("() => localStorage.getItem('sawmill-dark-mode') === 'true'");
        await page.GotoAsync("/");
        await page.Page.WaitForFunctionAsync("() => Number(document.getElementById('overview-levels')?.dataset.total) > 0 && document.querySelector('#overview-levels svg') !== null");
        await page.Page.WaitForFunctionAsync("() => getComputedStyle(document.body).backgroundColor !== 'rgb(243, 245, 248)'");
        await SaveAsync(page, "overview-dark");
        await SavePagesAsync(page, "-dark");
        Assert.Empty(page.Errors);
    }

    private static async Task SavePagesAsync(DashboardPage page, string suffix)
    {
        await page.GotoAsync("/tail");
        await Expect(page.Row("demo-slow-1")).ToBeVisibleAsync();
        await SaveAsync(page, "tail" + suffix);

        await page.GotoAsync("/nodes");
        await Expect(page.Page.Locator("[data-node-id=\"notify-1\"][data-status=\"DOWN\"]")).ToBeVisibleAsync();
        await SaveAsync(page, "nodes" + suffix);

        await page.GotoAsync("/nodes/payment-2");
        await Expect(page.Row("demo-slow-1")).ToBeVisibleAsync();
        await SaveAsync(page, "node" + suffix);

        await page.GotoAsync("/alerts");
        await Expect(page.Page.Locator("tr[data-status=\"RESOLVED\"]").First).ToBeVisibleAsync();
        await SaveAsync(page, "alerts" + suffix);

        await page.GotoAsync("/search");
        await page.Page.WaitForFunctionAsync("() => Number(document.getElementById('histogram')?.dataset.total) > 0 && document.querySelector('#histogram svg') !== null");
        await page.Row("demo-slow-1").ClickAsync();
        await Expect(page.Page.Locator("#entry-detail")).ToContainTextAsync("adyen");
        await SaveAsync(page, "search" + suffix);

        await page.GotoAsync("/grains");
        await Expect(page.Page.Locator("[data-grain-type]").First).ToBeVisibleAsync();
        await SaveAsync(page, "grains" + suffix);
    }

    /// <summary>Acknowledges one open alert and resolves another, so every status shows.</summary>
    private async Task SettleAlertsAsync()
    {
        var open = (await fixture.Api.GetNode("/api/v1/alerts?status=open")).AsArray();
        Assert.True(open.Count >= 2, $"expected the demo's errors to open alerts, got {open.Count}");
        using var ack = await fixture.Api.PostAsync($"/api/v1/alerts/{open[0]!["alert_id"]}/ack?by=alice", null);
        using var resolve = await fixture.Api.PostAsync($"/api/v1/alerts/{open[1]!["alert_id"]}/resolve?by=bob", null);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (ack.StatusCode, resolve.StatusCode));
    }

    private async Task PostAsync(IEnumerable<string> items)
    {
        using var response = await fixture.Api.PostEvents(Examples.Array([.. items]));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    /// <summary>Into docs/screenshots when SAWMILL_SCREENSHOTS=docs (to refresh the README's pictures), else a temp folder,
    /// so an ordinary test run leaves the working tree as it was.</summary>
    internal static async Task SaveAsync(DashboardPage page, string name)
    {
        var folder = Environment.GetEnvironmentVariable("SAWMILL_SCREENSHOTS") == "docs"
            ? Path.Combine(RepositoryRoot(), "docs", "screenshots")
            : Path.Combine(Path.GetTempPath(), "sawmill-screenshots");
        Directory.CreateDirectory(folder);
        await page.Page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png") });
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Orleans.sln"))) return folder.FullName;
        }
        throw new DirectoryNotFoundException("Orleans.sln not found above " + AppContext.BaseDirectory);
    }
}
