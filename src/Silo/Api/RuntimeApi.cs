using Sawmill.Grains.Cluster;

namespace Sawmill.Silo.Api;

/// <summary>GET /api/v1/runtime/grains: Orleans' figures per silo and per grain type (the full Orleans Dashboard is at /orleans).</summary>
public static class RuntimeApi
{
    public static RouteGroupBuilder MapRuntimeApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/runtime").WithTags("Runtime").RequireAuthorization(Dashboard.Security.SawmillPolicies.Read);
        group.MapGet("/grains", async (ClusterStatisticsReader reader) => TypedResults.Ok(await reader.ReadAsync()))
            .WithSummary("Silos (activations, CPU, memory, messages) and activations per grain type, from Orleans' management grain");
        return group;
    }
}
