using Microsoft.AspNetCore.Authorization;
using Sawmill.Grains.Interfaces.Security;

namespace Sawmill.Dashboard.Security;

/// <summary>The authorization policies, one per scope: the API's with API keys, the dashboard's with the sign-in cookie.
/// With <see cref="SecurityOptions.RequireApiKeys"/> off every policy allows everyone.</summary>
public static class SawmillPolicies
{
    public const string Ingest = "sawmill:" + ApiKeyScopeNames.Ingest;
    public const string Read = "sawmill:" + ApiKeyScopeNames.Read;
    public const string Admin = "sawmill:" + ApiKeyScopeNames.Admin;

    /// <summary>The dashboard's pages: a signed-in viewer or admin.</summary>
    public const string DashboardViewer = "sawmill:dashboard:" + ApiKeyScopeNames.Read;

    /// <summary>What only a dashboard admin may do (the Orleans Dashboard, keys and users).</summary>
    public const string DashboardAdmin = "sawmill:dashboard:" + ApiKeyScopeNames.Admin;

    /// <summary>The scope name a policy stands for, or null for another policy.</summary>
    public static string? ScopeNameOf(string? policy) => policy?.LastIndexOf(':') is { } colon and > 0 && policy.StartsWith("sawmill:", StringComparison.Ordinal)
        ? policy[(colon + 1)..]
        : null;

    /// <summary>The API's policies (<see cref="Ingest"/>, <see cref="Read"/>, <see cref="Admin"/>), authenticated by <paramref name="scheme"/>.</summary>
    public static void AddApi(AuthorizationOptions options, string scheme)
    {
        Add(options, Ingest, ApiKeyScopes.Ingest, scheme);
        Add(options, Read, ApiKeyScopes.Read, scheme);
        Add(options, Admin, ApiKeyScopes.Admin, scheme);
    }

    /// <summary>The dashboard's policies, authenticated by the sign-in cookie.</summary>
    public static void AddDashboard(AuthorizationOptions options, string scheme)
    {
        Add(options, DashboardViewer, ApiKeyScopes.Read, scheme);
        Add(options, DashboardAdmin, ApiKeyScopes.Admin, scheme);
    }

    private static void Add(AuthorizationOptions options, string name, ApiKeyScopes scope, string scheme)
        => options.AddPolicy(name, policy => policy.AddAuthenticationSchemes(scheme).AddRequirements(new ScopeRequirement(scope)));
}
