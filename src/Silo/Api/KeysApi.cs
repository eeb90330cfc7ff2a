using Sawmill.Dashboard.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Sawmill.Grains.Interfaces.Security;
using Sawmill.Silo.Security;

namespace Sawmill.Silo.Api;

/// <summary>/api/v1/keys: create, list and revoke API keys (admin scope). The secret is in the answer to its creation
/// only; the silo keeps its SHA-256 hash.</summary>
public static class KeysApi
{
    public const int MaxNameLength = 128;
    public const int MaxRatePerSecond = 10_000_000;

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
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > MaxNameLength)
            return Invalid("name", $"name is required, at most {MaxNameLength} characters.");
        if (request.Scopes is not { Length: > 0 }) return Invalid("scopes", "scopes must list at least one of ingest, read, admin.");
        var scopes = ApiKeyScopes.None;
        foreach (var name in request.Scopes)
        {
            var scope = ApiKeyScopeNames.Parse(name);
            if (scope == ApiKeyScopes.None) return Invalid("scopes", $"'{name}' is not a scope: use ingest, read or admin.");
            scopes |= scope;
        }
        if (request.Service is { } service && (service.Trim().Length == 0 || service.Length > MaxNameLength))
            return Invalid("service", $"service, when given, is a service_name of 1 to {MaxNameLength} characters.");
        if (request.RatePerSecond is < 1 or > MaxRatePerSecond)
            return Invalid("rate_per_second", $"rate_per_second, when given, is from 1 to {MaxRatePerSecond}.");
        var (key, secret) = await keys.CreateAsync(request.Name.Trim(), scopes, request.Service, request.RatePerSecond);
        return TypedResults.Created($"/api/v1/keys/{key.Id}",
            new CreatedKey(key.Id, key.Name, ApiKeyScopeNames.Of(key.Scopes), key.Service, key.RatePerSecond, key.CreatedAt, secret));
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

/// <summary>The body of POST /api/v1/keys.</summary>
public sealed record NewKeyRequest(string? Name, string[]? Scopes, string? Service, int? RatePerSecond);

/// <summary>An API key as the API shows it: never its secret nor its hash.</summary>
public sealed record KeyView(string Id, string Name, string[] Scopes, string? Service, int? RatePerSecond, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt)
{
    public static KeyView Of(ApiKey key) => new(key.Id, key.Name, ApiKeyScopeNames.Of(key.Scopes), key.Service, key.RatePerSecond, key.CreatedAt, key.RevokedAt);
}

/// <summary>The answer to POST /api/v1/keys: the key and, this once, its secret.</summary>
public sealed record CreatedKey(string Id, string Name, string[] Scopes, string? Service, int? RatePerSecond, DateTimeOffset CreatedAt, string Key);

public sealed record KeyList(IReadOnlyList<KeyView> Keys);
