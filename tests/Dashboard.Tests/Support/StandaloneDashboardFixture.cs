using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Sawmill.Dashboard.Live;
using Sawmill.Dashboard.Remote;
using Sawmill.Grains.Alerting;
using Sawmill.Grains.Tests.Support;
using Sawmill.Silo.Tests.Support;

namespace Sawmill.Dashboard.Tests.Support;

/// <summary>A silo, and the dashboard on a host of its own (wired as src/Dashboard.Host does) that shows it over its
/// HTTP API and /hubs/live; the browser opens the standalone host.</summary>
public class StandaloneDashboardFixture : DashboardFixture
{
    private WebApplication? _host;

    protected override Uri DashboardAddress => TestSilo.AddressOf(_host!);

    public IServiceProvider Host => _host!.Services;

    /// <summary>The standalone host's own settings beside Silo:Url.</summary>
    protected virtual Dictionary<string, string?> HostSettings => [];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var siloFeed = Silo.Services.GetRequiredService<LiveFeed>();
        var siloAlerts = Silo.Services.GetRequiredService<AlertFeed>();
        var alertSubscribers = siloAlerts.SubscriberCount;
        _host = await StartAsync(Silo.Client.BaseAddress!, HostSettings);
        // Subscribed on the silo's side too, or an entry or alert posted right away could go before the host listens.
        await Await.Completes(_host.Services.GetRequiredService<HubLiveSource>().Connected, "the standalone dashboard to connect to the silo's hub");
        await Await.Until(() => siloFeed.SubscriberCount > 0 && siloAlerts.SubscriberCount > alertSubscribers,
            "the standalone dashboard's tail and alert streams to subscribe on the silo");
    }

    protected override async Task StopDashboardAsync()
    {
        if (_host is null) return;
        await _host.StopAsync();
        await _host.DisposeAsync();
    }

    /// <summary>The standalone host, wired as src/Dashboard.Host's Program.cs, showing the silo at <paramref name="silo"/>.</summary>
    internal static async Task<WebApplication> StartAsync(Uri silo, Dictionary<string, string?>? settings = null)
    {
        var configuration = new Dictionary<string, string?>
        {
            ["Silo:Url"] = silo.ToString(),
            ["Silo:NodeRefresh"] = "00:00:00.250",
            ["Silo:ReconnectDelay"] = "00:00:00.500",
        };
        foreach (var (key, value) in settings ?? []) configuration[key] = value;
        var builder = TestSilo.CreateBuilder(configuration);
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddSawmillDashboard().AddRemoteSiloBackend();
        var app = builder.Build();
        app.MapRemoteSiloDashboard();
        await app.StartAsync();
        return app;
    }
}
