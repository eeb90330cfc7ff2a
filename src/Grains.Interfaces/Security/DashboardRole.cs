namespace Sawmill.Grains.Interfaces.Security;

/// <summary>What a dashboard user may do: a viewer sees every page, an admin also acknowledges alerts and manages keys and users.</summary>
public enum DashboardRole
{
    Viewer,
    Admin,
}
