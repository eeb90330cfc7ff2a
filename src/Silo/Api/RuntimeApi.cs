using Sawmill.Grains.Runtime;

namespace Sawmill.Silo.Api;

/// <summary>GET /api/v1/runtime/grains: the grain runtime's metrics per grain type.</summary>
public static class RuntimeApi
{
    public static RouteGroupBuilder MapRuntimeApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/runtime").WithTags("Runtime");
        group.MapGet("/grains", (GrainRuntime runtime) => TypedResults.Ok(runtime.GetMetrics()))
            .WithSummary("Activations, calls/s, mailbox depth and turn latency per grain type");
        return group;
    }
}
