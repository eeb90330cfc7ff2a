using Microsoft.Playwright;
using Sawmill.Silo.Tests.Support;

namespace Sawmill.Dashboard.Tests.Support;

/// <summary>One silo on real Kestrel and one real Chromium for a test class. The browser closes before the silo
/// stops, or the shutdown would wait for the open circuits.</summary>
public class DashboardFixture : IAsyncLifetime
{
    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
    ];

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public TestSilo Silo { get; private set; } = null!;

    public HttpClient Api => Silo.Client;

    /// <summary>The silo's settings; a short heartbeat timeout so a silent node goes DOWN within the test.</summary>
    protected virtual Dictionary<string, string?> Settings => new() { ["NodeHealth:HeartbeatTimeout"] = "00:00:02" };

    /// <summary>Where the browser opens the dashboard: the silo itself here.</summary>
    protected virtual Uri DashboardAddress => Silo.Client.BaseAddress!;

    public virtual async Task InitializeAsync()
    {
        Assertions.SetDefaultExpectTimeout(15_000);
        Silo = await TestSilo.StartAsync(Settings);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    /// <summary>A new browser tab at 1400x900 on <paramref name="path"/>, once its circuit is connected.</summary>
    public Task<DashboardPage> OpenAsync(string path) => DashboardPage.OpenAsync(_browser!, DashboardAddress, path);

    /// <summary>A new tab on <paramref name="path"/> without waiting for a circuit: where a sign-in page comes first.</summary>
    public Task<DashboardPage> OpenSignedOutAsync(string path) => DashboardPage.OpenAsync(_browser!, DashboardAddress, path, circuit: false);

    public virtual async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.CloseAsync();
        _playwright?.Dispose();
        await StopDashboardAsync();
        if (Silo is not null) await Silo.DisposeAsync();
    }

    /// <summary>Stops the silo before the test ends (what a standalone dashboard does without it).</summary>
    public async Task StopSiloAsync()
    {
        await Silo.DisposeAsync();
        Silo = null!;
    }

    /// <summary>Stops a dashboard host of its own, after the browser and before the silo.</summary>
    protected virtual Task StopDashboardAsync() => Task.CompletedTask;
}
