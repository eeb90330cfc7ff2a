using System.Security.Claims;
using Sawmill.Grains.Interfaces.Security;

namespace Sawmill.Silo.Security;

/// <summary>The claims of a request that carries a valid API key, and what the rest of the silo reads from them.</summary>
public static class SawmillClaims
{
    public const string KeyId = "sawmill:key_id";
    public const string Scope = "sawmill:scope";
    public const string Service = "sawmill:service";
    public const string RatePerSecond = "sawmill:rate";

    public static ClaimsPrincipal For(ApiKey key, string scheme)
    {
        List<Claim> claims = [new(KeyId, key.Id), new(ClaimTypes.Name, key.Name)];
        claims.AddRange(ApiKeyScopeNames.Of(key.Scopes).Select(scope => new Claim(Scope, scope)));
        if (key.Service is { } service) claims.Add(new Claim(Service, service));
        if (key.RatePerSecond is { } rate) claims.Add(new Claim(RatePerSecond, rate.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    /// <summary>The key behind a request, if it carried a valid one: its id, pinned service and rate.</summary>
    public static IngestCaller? CallerOf(ClaimsPrincipal? user) => user?.FindFirst(KeyId)?.Value is { } id
        ? new IngestCaller(id, user.FindFirst(Service)?.Value,
            int.TryParse(user.FindFirst(RatePerSecond)?.Value, System.Globalization.CultureInfo.InvariantCulture, out var rate) ? rate : null)
        : null;

    public static ApiKeyScopes ScopesOf(ClaimsPrincipal user)
        => user.FindAll(Scope).Aggregate(ApiKeyScopes.None, (scopes, claim) => scopes | ApiKeyScopeNames.Parse(claim.Value));
}
