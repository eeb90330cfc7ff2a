namespace Sawmill.Dashboard.Security;

/// <summary>The <c>Security</c> section: whether requests need an API key and the dashboard a sign-in, the seeded admin
/// key and password, and the sign-in lockout.</summary>
public sealed class SecurityOptions
{
    public const string SectionName = "Security";

    /// <summary>Refuse (401) every request of the API, the protocols and the live hub without a valid key, and show the
    /// dashboard only after a sign-in. Off in the embedded demo; compose.yaml turns it on.</summary>
    public bool RequireApiKeys { get; set; }

    /// <summary>A key with every scope taken from configuration (<c>Security__AdminKey</c>), so the first real key can be
    /// made; not stored and not listed. At least 16 characters.</summary>
    public string? AdminKey { get; set; }

    /// <summary>The password of the dashboard user <c>admin</c> (role admin), from configuration (<c>Security__AdminPassword</c>);
    /// not stored. At least 12 characters.</summary>
    public string? AdminPassword { get; set; }

    /// <summary>Failed sign-ins in a row after which a user is locked out for <see cref="LockoutDuration"/>.</summary>
    public int LockoutThreshold { get; set; } = 5;

    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Sign-in attempts one client address may make per minute (beyond: refused before any password is checked).</summary>
    public int SignInAttemptsPerMinute { get; set; } = 10;

    /// <summary>How long a dashboard sign-in lasts without use (sliding).</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>How long a silo trusts its copy of the key list: a key revoked on another silo stops working here
    /// within this time (at once on the silo that revoked it).</summary>
    public TimeSpan KeyCacheRefresh { get; set; } = TimeSpan.FromSeconds(2);

    public string? Validate() =>
        AdminKey is { Length: < 16 } ? "Security:AdminKey must be at least 16 characters."
        : AdminPassword is { Length: < 12 } ? "Security:AdminPassword must be at least 12 characters."
        : KeyCacheRefresh <= TimeSpan.Zero ? "Security:KeyCacheRefresh must be positive."
        : LockoutThreshold < 1 || LockoutDuration <= TimeSpan.Zero || SignInAttemptsPerMinute < 1 || SessionLifetime <= TimeSpan.Zero
            ? "Security: LockoutThreshold, LockoutDuration, SignInAttemptsPerMinute and SessionLifetime must be positive."
        : null;
}
