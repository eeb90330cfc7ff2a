using System.Diagnostics.Metrics;
using OpenTelemetry.Metrics;
using Sawmill.Dashboard.Security;
using Sawmill.Grains;

namespace Sawmill.Silo.Metrics;

/// <summary>/metrics in Prometheus' text format through OpenTelemetry: Sawmill's meter, Orleans' own
/// (Microsoft.Orleans), ASP.NET Core's request metrics and the .NET runtime's (System.Runtime: GC, allocation, CPU,
/// thread pool).</summary>
public static class MetricsHostingExtensions
{
    public const string Path = "/metrics";

    public static IServiceCollection AddSawmillMetrics(this IServiceCollection services)
    {
        services.AddSingleton<SiloGauges>();
        services.AddHostedService(sp => sp.GetRequiredService<SiloGauges>());
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(SawmillMetrics.MeterName, "Microsoft.Orleans", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Runtime")
            .AddPrometheusExporter());
        // OpenTelemetry listens to meters by name across the process. Orleans, ASP.NET Core and the silo's gauges make their
        // meters per container (IMeterFactory): keep this container's, and the process-wide ones (no scope), so that silos
        // sharing a process (tests, a cluster in one process) neither export each other's series nor run past the
        // provider's limit of metric streams.
        services.ConfigureOpenTelemetryMeterProvider((provider, builder) =>
        {
            var own = provider.GetRequiredService<IMeterFactory>();
            builder.AddView(instrument => instrument.Meter.Scope is null || ReferenceEquals(instrument.Meter.Scope, own) ? null : MetricStreamConfiguration.Drop);
        });
        return services;
    }

    /// <summary>The scrape endpoint; it needs the read scope when keys are required.</summary>
    public static IEndpointConventionBuilder MapSawmillMetrics(this IEndpointRouteBuilder routes)
        => routes.MapPrometheusScrapingEndpoint(Path).RequireAuthorization(SawmillPolicies.Read);
}
