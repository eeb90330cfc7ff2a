namespace Sawmill.Grains.Interfaces.Security;

/// <summary>The scopes' names on the wire: <c>ingest</c>, <c>read</c>, <c>admin</c>.</summary>
public static class ApiKeyScopeNames
{
    public const string Ingest = "ingest";
    public const string Read = "read";
    public const string Admin = "admin";

    private static readonly (string Name, ApiKeyScopes Scope)[] All = [(Ingest, ApiKeyScopes.Ingest), (Read, ApiKeyScopes.Read), (Admin, ApiKeyScopes.Admin)];

    /// <summary>The names of the scopes set in <paramref name="scopes"/>, in a fixed order.</summary>
    public static string[] Of(ApiKeyScopes scopes) => [.. All.Where(s => scopes.HasFlag(s.Scope)).Select(s => s.Name)];

    /// <summary>The scope of one name (case-insensitive), or None for a name that is not a scope.</summary>
    public static ApiKeyScopes Parse(string? name)
        => All.FirstOrDefault(s => string.Equals(s.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase)).Scope;

    /// <summary>Whether a key with <paramref name="granted"/> may do what <paramref name="needed"/> needs (admin implies all).</summary>
    public static bool Allows(ApiKeyScopes granted, ApiKeyScopes needed)
        => granted.HasFlag(ApiKeyScopes.Admin) || (granted & needed) == needed;
}
