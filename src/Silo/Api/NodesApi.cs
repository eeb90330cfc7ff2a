using Microsoft.AspNetCore.Http.HttpResults;
using Orleans;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Nodes;

namespace Sawmill.Silo.Api;

/// <summary>GET /api/v1/nodes: the registry of nodes, and one node with its status history and recent errors.</summary>
public static class NodesApi
{
    public static RouteGroupBuilder MapNodesApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/nodes").WithTags("Nodes").RequireAuthorization(Dashboard.Security.SawmillPolicies.Read);
        group.MapGet("/", List)
            .WithSummary("Every node: status, last heartbeat, registration, counts per level")
            .WithDescription("status: UP or DOWN; service: one service.");
        group.MapGet("/{nodeId}", GetAsync)
            .WithSummary("One node with its status history (newest first) and recent ERROR/FATAL entries");
        return group;
    }

    internal static Results<Ok<IReadOnlyList<NodeSummary>>, ProblemHttpResult> List(string? status, string? service, NodeRegistry registry)
    {
        NodeStatus? wanted = status?.ToUpperInvariant() switch
        {
            null or "" => null,
            "UP" => NodeStatus.Up,
            "DOWN" => NodeStatus.Down,
            _ => (NodeStatus)(-1),
        };
        return wanted == (NodeStatus)(-1)
            ? Problems.InvalidQuery("status", $"status must be UP or DOWN, not '{status}'.")
            : TypedResults.Ok(registry.List(wanted, string.IsNullOrEmpty(service) ? null : service));
    }

    internal static async Task<Results<Ok<NodeDetails>, ProblemHttpResult>> GetAsync(string nodeId, NodeRegistry registry, IGrainFactory grains)
    {
        // The registry knows every node that ever reported: unknown ids never activate a grain.
        if (!registry.TryGet(nodeId, out _)) return Problems.NotFound($"No node '{nodeId}' has reported.");
        return await grains.GetGrain<INodeGrain>(nodeId).GetDetailsAsync() is { } details
            ? TypedResults.Ok(details)
            : Problems.NotFound($"No node '{nodeId}' has reported.");
    }
}
