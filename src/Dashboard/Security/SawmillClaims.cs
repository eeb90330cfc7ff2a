using System.Security.Claims;
using Sawmill.Grains.Interfaces.Security;

namespace Sawmill.Dashboard.Security;

/// <summary>The claims of a request that carries a valid API key or a signed-in dashboard user: both carry scopes (a
/// viewer reads, an admin administers), so one set of policies serves both.</summary>
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

    /// <summary>A signed-in dashboard user: a viewer has the read scope, an admin the admin scope.</summary>
    public static ClaimsPrincipal For(string name, DashboardRole role, string scheme)
    {
        List<Claim> claims = [new(ClaimTypes.Name, name), new(ClaimTypes.Role, DashboardRoles.Name(role))];
        claims.Add(new Claim(Scope, role == DashboardRole.Admin ? ApiKeyScopeNames.Admin : ApiKeyScopeNames.Read));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    public static ApiKeyScopes ScopesOf(ClaimsPrincipal user)
        => user.FindAll(Scope).Aggregate(ApiKeyScopes.None, (scopes, claim) => scopes | ApiKeyScopeNames.Parse(claim.Value));
}
