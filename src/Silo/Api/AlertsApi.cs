using Microsoft.AspNetCore.Http.HttpResults;
using Orleans;
using Sawmill.Grains.Alerting;
using Sawmill.Grains.Interfaces;


namespace Sawmill.Silo.Api;

/// <summary>/api/v1/alerts: list alerts by status, read one, acknowledge and resolve.</summary>
public static class AlertsApi
{
    public static RouteGroupBuilder MapAlertsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/alerts").WithTags("Alerts").RequireAuthorization(Dashboard.Security.SawmillPolicies.Read);
        group.MapGet("/", ListAsync)
            .WithSummary("Alerts, most recently seen first")
            .WithDescription("status: open, acknowledged or resolved (default: all); limit: 1-1000 (default 100).");
        group.MapGet("/{alertId}", GetAsync).WithSummary("One alert");
        // Changing an alert is an admin's, as on the dashboard.
        group.MapPost("/{alertId}/ack", AcknowledgeAsync).RequireAuthorization(Dashboard.Security.SawmillPolicies.Admin)
            .WithSummary("Acknowledge an open alert")
            .WithDescription("by: who acknowledges (optional). Acknowledging twice changes nothing.");
        group.MapPost("/{alertId}/resolve", ResolveAsync).RequireAuthorization(Dashboard.Security.SawmillPolicies.Admin)
            .WithSummary("Resolve an alert")
            .WithDescription("by: who resolves (optional). Node-failure alerts also resolve by themselves when the node recovers.");
        return group;
    }

    internal static async Task<Results<Ok<IReadOnlyList<Alert>>, ProblemHttpResult>> ListAsync(string? status, int? limit, IAlertStore store, CancellationToken cancellationToken)
    {
        AlertStatus? wanted = status?.ToLowerInvariant() switch
        {
            null or "" or "all" => null,
            "open" => AlertStatus.Open,
            "acknowledged" => AlertStatus.Acknowledged,
            "resolved" => AlertStatus.Resolved,
            _ => (AlertStatus)(-1),
        };
        if (wanted == (AlertStatus)(-1)) return Problems.InvalidQuery("status", $"status must be open, acknowledged or resolved, not '{status}'.");
        if (limit is < 1 or > 1000) return Problems.InvalidQuery("limit", "limit must be from 1 to 1000.");
        return TypedResults.Ok(await store.ListAsync(wanted, limit ?? 100, cancellationToken));
    }

    internal static async Task<Results<Ok<Alert>, ProblemHttpResult>> GetAsync(string alertId, IAlertStore store, CancellationToken cancellationToken)
        => await store.GetAsync(alertId, cancellationToken) is { } alert ? TypedResults.Ok(alert) : NoSuchAlert(alertId);

    internal static async Task<Results<Ok<Alert>, ProblemHttpResult>> AcknowledgeAsync(string alertId, string? by, IGrainFactory grains)
        => await AlertGrain(grains).AcknowledgeAsync(alertId, by) is { } alert ? TypedResults.Ok(alert) : NoSuchAlert(alertId);

    internal static async Task<Results<Ok<Alert>, ProblemHttpResult>> ResolveAsync(string alertId, string? by, IGrainFactory grains)
        => await AlertGrain(grains).ResolveAsync(alertId, by) is { } alert ? TypedResults.Ok(alert) : NoSuchAlert(alertId);

    private static IAlertGrain AlertGrain(IGrainFactory grains) => grains.GetGrain<IAlertGrain>(Topics.AlertsKey);

    private static ProblemHttpResult NoSuchAlert(string alertId) => Problems.NotFound($"No alert '{alertId}'.");
}
