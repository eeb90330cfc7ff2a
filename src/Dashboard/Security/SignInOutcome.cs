using Sawmill.Grains.Interfaces.Security;

namespace Sawmill.Dashboard.Security;

/// <summary>What a sign-in attempt came to: the user's role when it succeeded, else whether the user is locked out (and until when).</summary>
public sealed record SignInOutcome(string? Name, DashboardRole Role, DateTimeOffset? LockedUntil)
{
    public static readonly SignInOutcome Invalid = new(null, DashboardRole.Viewer, null);

    public bool Succeeded => Name is not null;

    public static SignInOutcome Success(string name, DashboardRole role) => new(name, role, null);

    public static SignInOutcome Locked(DateTimeOffset until) => new(null, DashboardRole.Viewer, until);
}
