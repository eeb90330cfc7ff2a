using Sawmill.Dashboard.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Sawmill.Silo.Security;

namespace Sawmill.Silo.Api;

/// <summary>/api/v1/keys: create, list and revoke API keys (admin scope). The secret is in the answer to its creation
/// only; the silo keeps its SHA-256 hash.</summary>
public static class KeysApi
{
    public static RouteGroupBuilder MapKeysApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/keys").WithTags("API keys").RequireAuthorization(SawmillPolicies.Admin);
        group.MapPost("/", CreateAsync)
            .WithSummary("Create an API key")
            .WithDescription("Body: {\"name\", \"scopes\": [\"ingest\" | \"read\" | \"admin\"], \"service\"?: the only service_name it may write as, " +
                "\"rate_per_second\"?: items per second it may ingest}. The answer holds the secret (\"key\"): it is not shown again.");
        group.MapGet("/", ListAsync).WithSummary("Every API key, revoked ones included, without secrets");
        group.MapDelete("/{id}", RevokeAsync).WithSummary("Revoke an API key").WithDescription("It stops working at once on this silo, within Security:KeyCacheRefresh on the others.");
        return group;
    }

    internal static async Task<Results<Created<CreatedKey>, ProblemHttpResult>> CreateAsync(NewKeyRequest request, ApiKeyDirectory keys)
    {
        if (AccessRequests.Check(request, out var scopes) is { } problem) return Invalid(problem.Field, problem.Detail);
        var created = await keys.CreateAsync(request.Name!.Trim(), scopes, request.Service, request.RatePerSecond);
        return TypedResults.Created($"/api/v1/keys/{created.Key.Id}", CreatedKey.Of(created.Key, created.Secret));
    }

    internal static async Task<Ok<KeyList>> ListAsync(ApiKeyDirectory keys)
        => TypedResults.Ok(new KeyList([.. (await keys.ListAsync()).OrderBy(k => k.CreatedAt).Select(KeyView.Of)]));

    internal static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(string id, ApiKeyDirectory keys)
        => await keys.RevokeAsync(id) ? TypedResults.NoContent() : Problems.NotFound($"No API key '{id}'.");

    private static ProblemHttpResult Invalid(string field, string detail) => TypedResults.Problem(
        detail: detail,
        statusCode: StatusCodes.Status400BadRequest,
        title: "Invalid API key request",
        type: "urn:sawmill:problem:invalid-key",
        extensions: new Dictionary<string, object?> { ["field"] = field });
}
