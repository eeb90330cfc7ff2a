using OpenTelemetry.Metrics;
using Sawmill.Dashboard.Security;
using Sawmill.Grains;

namespace Sawmill.Silo.Metrics;

/// <summary>/metrics in Prometheus' text format through OpenTelemetry: Sawmill's meter, Orleans' own
/// (Microsoft.Orleans) and ASP.NET Core's request metrics.</summary>
public static class MetricsHostingExtensions
{
    public const string Path = "/metrics";

    public static IServiceCollection AddSawmillMetrics(this IServiceCollection services)
    {
        services.AddSingleton<SiloGauges>();
        services.AddHostedService(sp => sp.GetRequiredService<SiloGauges>());
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(SawmillMetrics.MeterName, "Microsoft.Orleans", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
            .AddPrometheusExporter());
        return services;
    }

    /// <summary>The scrape endpoint; it needs the read scope when keys are required.</summary>
    public static IEndpointConventionBuilder MapSawmillMetrics(this IEndpointRouteBuilder routes)
        => routes.MapPrometheusScrapingEndpoint(Path).RequireAuthorization(SawmillPolicies.Read);
}
