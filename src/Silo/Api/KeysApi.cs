using Sawmill.Dashboard.Security;
using Microsoft.AspNetCore.Http.HttpResults;

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

    internal static async Task<Results<Created<CreatedKey>, ProblemHttpResult>> CreateAsync(NewKeyRequest request, IAccessBackend access, CancellationToken cancellationToken)
    {
        var (key, problem) = await access.CreateKeyAsync(request, cancellationToken);
        return key is null ? Problems.InvalidKey(problem!) : TypedResults.Created($"/api/v1/keys/{key.Id}", key);
    }

    internal static async Task<Ok<KeyList>> ListAsync(IAccessBackend access, CancellationToken cancellationToken)
        => TypedResults.Ok(new KeyList(await access.ListKeysAsync(cancellationToken)));

    internal static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(string id, IAccessBackend access, CancellationToken cancellationToken)
        => await access.RevokeKeyAsync(id, cancellationToken) ? TypedResults.NoContent() : Problems.NotFound($"No API key '{id}'.");
}
