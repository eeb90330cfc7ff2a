using Sawmill.Dashboard.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Sawmill.Dashboard.Backend;
using Sawmill.Grains.Alerting;
using Sawmill.Grains.Nodes;
using Sawmill.Grains.Storage;

namespace Sawmill.Dashboard.Remote;

public static class RemoteDashboardExtensions
{
    /// <summary>The dashboard on its own host, showing the silo at <c>Silo:Url</c>: searches, node details, alerts and
    /// grain metrics through its HTTP API, live entries and alerts from its /hubs/live, the node map re-read every second.</summary>
    public static IServiceCollection AddRemoteSiloBackend(this IServiceCollection services)
    {
        services.AddOptions<RemoteSiloOptions>().BindConfiguration(RemoteSiloOptions.SectionName)
            .Validate(o => o.Url is { IsAbsoluteUri: true }, "Silo:Url must be the silo's absolute URL, such as http://localhost:5080.")
            .Validate(o => o.NodeRefresh > TimeSpan.Zero && o.ReconnectDelay >= TimeSpan.Zero, "Silo: NodeRefresh must be positive.")
            .ValidateOnStart();
        services.AddHttpClient<SiloApiClient>((sp, http) =>
        {
            var silo = sp.GetRequiredService<IOptions<RemoteSiloOptions>>().Value;
            http.BaseAddress = silo.Url;
            http.Timeout = silo.RequestTimeout;
            if (!string.IsNullOrWhiteSpace(silo.ApiKey)) http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", silo.ApiKey);
        });
        services.AddTransient<IDashboardBackend>(sp => sp.GetRequiredService<SiloApiClient>());
        services.AddTransient<ILogReader>(sp => sp.GetRequiredService<SiloApiClient>());
        services.AddTransient<IUserVerifier>(sp => sp.GetRequiredService<SiloApiClient>());
        services.AddTransient<IAccessBackend>(sp => sp.GetRequiredService<SiloApiClient>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<NodeRegistry>();
        services.AddSingleton<AlertFeed>();
        services.AddSingleton<HubLiveSource>();
        services.AddHostedService(sp => sp.GetRequiredService<HubLiveSource>());
        services.AddHostedService<NodeRegistrySync>();
        return services;
    }

    /// <summary>The standalone host's pipeline: sign-in (when Security:RequireApiKeys is on), the pages and a hub that
    /// needs a signed-in user.</summary>
    public static WebApplication MapRemoteSiloDashboard(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapSawmillDashboard().Hub.RequireAuthorization(SawmillPolicies.DashboardViewer);
        return app;
    }
}
