using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Sawmill.Grains.Interfaces.Security;

namespace Sawmill.Silo.Security;

/// <summary>The authorization policies of the silo's endpoints, one per scope. With <see cref="SecurityOptions.RequireApiKeys"/>
/// off every policy allows everyone.</summary>
public static class SawmillPolicies
{
    public const string Ingest = "sawmill:" + ApiKeyScopeNames.Ingest;
    public const string Read = "sawmill:" + ApiKeyScopeNames.Read;
    public const string Admin = "sawmill:" + ApiKeyScopeNames.Admin;

    /// <summary>The scope name a policy stands for, or null for another policy.</summary>
    public static string? ScopeNameOf(string? policy) => policy is Ingest or Read or Admin ? policy["sawmill:".Length..] : null;

    public static void Add(AuthorizationOptions options, params string[] schemes)
    {
        foreach (var (name, scope) in new[] { (Ingest, ApiKeyScopes.Ingest), (Read, ApiKeyScopes.Read), (Admin, ApiKeyScopes.Admin) })
        {
            options.AddPolicy(name, policy => policy.AddAuthenticationSchemes(schemes).AddRequirements(new ScopeRequirement(scope)));
        }
    }
}
