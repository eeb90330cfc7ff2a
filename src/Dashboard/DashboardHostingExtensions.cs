using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Sawmill.Dashboard.Components;
using Sawmill.Dashboard.Live;
using Sawmill.Grains.Interfaces;

namespace Sawmill.Dashboard;

/// <summary>Adds the dashboard (Blazor Server pages and the live hub) to a host that runs the grains or reads their stores.</summary>
public static class DashboardHostingExtensions
{
    public static IServiceCollection AddSawmillDashboard(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddSignalR().AddJsonProtocol(o => SawmillJson.Configure(o.PayloadSerializerOptions));
        services.AddSingleton<LiveFeed>();
        services.AddHostedService(sp => sp.GetRequiredService<LiveFeed>());
        return services;
    }

    public static IEndpointRouteBuilder MapSawmillDashboard(this WebApplication app)
    {
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapHub<LiveHub>(LiveHub.Path);
        return app;
    }
}
