namespace Sawmill.Silo.Security;

/// <summary>The <c>Security</c> section: whether requests need an API key, and the seeded admin key.</summary>
public sealed class SecurityOptions
{
    public const string SectionName = "Security";

    /// <summary>Refuse (401) every request of the API, the protocols and the live hub without a valid key. Off in the
    /// embedded demo; compose.yaml turns it on.</summary>
    public bool RequireApiKeys { get; set; }

    /// <summary>A key with every scope taken from configuration (<c>Security__AdminKey</c>), so the first real key can be
    /// made; not stored and not listed. At least 16 characters.</summary>
    public string? AdminKey { get; set; }

    /// <summary>How long a silo trusts its copy of the key list: a key revoked on another silo stops working here
    /// within this time (at once on the silo that revoked it).</summary>
    public TimeSpan KeyCacheRefresh { get; set; } = TimeSpan.FromSeconds(2);

    public string? Validate() =>
        AdminKey is { Length: < 16 } ? "Security:AdminKey must be at least 16 characters."
        : KeyCacheRefresh <= TimeSpan.Zero ? "Security:KeyCacheRefresh must be positive."
        : null;
}
