using Sawmill.Silo.Tests.Support;

namespace Sawmill.Dashboard.Tests.Support;

/// <summary>The silo with Security:RequireApiKeys on, the configured admin key and admin password.</summary>
public sealed class SecuredDashboardFixture : DashboardFixture
{
    protected override Dictionary<string, string?> Settings => SecuredSilo.Settings(("Security:SignInAttemptsPerMinute", "100"));
}

/// <summary>The same silo, shown by a standalone dashboard host that requires sign-in too and reaches the silo with the
/// admin key (Silo:ApiKey), checking its users' passwords through the silo.</summary>
public sealed class SecuredStandaloneDashboardFixture : StandaloneDashboardFixture
{
    protected override Dictionary<string, string?> Settings => SecuredSilo.Settings(("Security:SignInAttemptsPerMinute", "100"));

    protected override Dictionary<string, string?> HostSettings => new()
    {
        ["Security:RequireApiKeys"] = "true", ["Security:SignInAttemptsPerMinute"] = "100", ["Silo:ApiKey"] = SecuredSilo.AdminKey,
    };
}
