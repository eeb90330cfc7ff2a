namespace Sawmill.Grains.Interfaces.Security;

/// <summary>The roles' names on the wire and in claims: <c>viewer</c>, <c>admin</c>.</summary>
public static class DashboardRoles
{
    public const string Viewer = "viewer";
    public const string Admin = "admin";

    public static string Name(DashboardRole role) => role == DashboardRole.Admin ? Admin : Viewer;

    public static DashboardRole? Parse(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        Viewer => DashboardRole.Viewer,
        Admin => DashboardRole.Admin,
        _ => null,
    };
}
