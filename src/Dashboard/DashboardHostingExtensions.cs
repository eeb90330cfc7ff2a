using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Sawmill.Dashboard.Backend;
using Sawmill.Dashboard.Components;
using Sawmill.Dashboard.Live;
using Sawmill.Dashboard.Security;
using Sawmill.Grains.Interfaces;

namespace Sawmill.Dashboard;

/// <summary>Adds the dashboard (Blazor Server pages and the live hub) to the silo, or to a standalone dashboard host.</summary>
public static class DashboardHostingExtensions
{
    /// <summary>The pages, the hub and the live feed. The host adds a backend: <see cref="AddInProcessDashboardBackend"/>
    /// in the silo; a standalone host adds its own (a silo's API), plus a NodeRegistry, an AlertFeed and an ILogReader.</summary>
    public static IServiceCollection AddSawmillDashboard(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddSawmillDashboardSecurity();
        services.AddSignalR().AddJsonProtocol(o => SawmillJson.Configure(o.PayloadSerializerOptions));
        services.AddSingleton<LiveFeed>();
        return services;
    }

    /// <summary>The dashboard in the silo: the live tail consumes all_logs (<see cref="LiveTailGrain"/>), and the rest asks
    /// the grains and stores directly.</summary>
    public static IServiceCollection AddInProcessDashboardBackend(this IServiceCollection services)
    {
        services.AddSingleton<IDashboardBackend, InProcessDashboardBackend>();
        return services;
    }

    /// <summary>Maps the static files, the pages and the live hub; the host secures the pages and the hub as it needs.</summary>
    public static DashboardEndpoints MapSawmillDashboard(this WebApplication app)
    {
        app.UseAntiforgery();
        app.MapStaticAssets();
        var pages = app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        var hub = app.MapHub<LiveHub>(LiveHub.Path);
        app.MapDashboardAccount();
        return new DashboardEndpoints(pages, hub);
    }
}
