using Sawmill.Grains.Interfaces.Security;

namespace Sawmill.Dashboard.Security;

/// <summary>The one check of a new key or user, for the API and the dashboard's Access page alike.</summary>
public static class AccessRequests
{
    public const int MaxNameLength = 128;
    public const int MaxRatePerSecond = 10_000_000;
    public const int MinPasswordLength = 12;

    /// <summary>What is wrong with the request (the field and why), or null with its scopes.</summary>
    public static (string Field, string Detail)? Check(NewKeyRequest request, out ApiKeyScopes scopes)
    {
        scopes = ApiKeyScopes.None;
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > MaxNameLength)
            return ("name", $"name is required, at most {MaxNameLength} characters.");
        if (request.Scopes is not { Length: > 0 }) return ("scopes", "scopes must list at least one of ingest, read, admin.");
        foreach (var name in request.Scopes)
        {
            var scope = ApiKeyScopeNames.Parse(name);
            if (scope == ApiKeyScopes.None) return ("scopes", $"'{name}' is not a scope: use ingest, read or admin.");
            scopes |= scope;
        }
        if (request.Service is { } service && (service.Trim().Length == 0 || service.Length > MaxNameLength))
            return ("service", $"service, when given, is a service_name of 1 to {MaxNameLength} characters.");
        if (request.RatePerSecond is < 1 or > MaxRatePerSecond)
            return ("rate_per_second", $"rate_per_second, when given, is from 1 to {MaxRatePerSecond}.");
        return null;
    }

    /// <summary>What is wrong with the request (the field and why), or null with its role.</summary>
    public static (string Field, string Detail)? Check(NewUserRequest request, out DashboardRole role)
    {
        role = DashboardRole.Viewer;
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > MaxNameLength || request.Name.Contains('/'))
            return ("name", $"name is required: at most {MaxNameLength} characters, no '/'.");
        if (request.Password is not { Length: >= MinPasswordLength }) return ("password", $"password must have at least {MinPasswordLength} characters.");
        if (DashboardRoles.Parse(request.Role) is not { } parsed) return ("role", "role must be viewer or admin.");
        role = parsed;
        return null;
    }
}
