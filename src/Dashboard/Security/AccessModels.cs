using Sawmill.Grains.Interfaces.Security;

namespace Sawmill.Dashboard.Security;

/// <summary>The body of POST /api/v1/keys.</summary>
public sealed record NewKeyRequest(string? Name, string[]? Scopes, string? Service, int? RatePerSecond);

/// <summary>An API key as the API and the dashboard show it: never its secret nor its hash.</summary>
public sealed record KeyView(string Id, string Name, string[] Scopes, string? Service, int? RatePerSecond, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt)
{
    public static KeyView Of(ApiKey key) => new(key.Id, key.Name, ApiKeyScopeNames.Of(key.Scopes), key.Service, key.RatePerSecond, key.CreatedAt, key.RevokedAt);
}

/// <summary>The answer to POST /api/v1/keys: the key and, this once, its secret.</summary>
public sealed record CreatedKey(string Id, string Name, string[] Scopes, string? Service, int? RatePerSecond, DateTimeOffset CreatedAt, string Key)
{
    public static CreatedKey Of(ApiKey key, string secret) => new(key.Id, key.Name, ApiKeyScopeNames.Of(key.Scopes), key.Service, key.RatePerSecond, key.CreatedAt, secret);
}

public sealed record KeyList(IReadOnlyList<KeyView> Keys);

/// <summary>The body of POST /api/v1/users.</summary>
public sealed record NewUserRequest(string? Name, string? Password, string? Role);

/// <summary>A dashboard user as the API shows it: never the password hash.</summary>
public sealed record UserView(string Name, string Role, DateTimeOffset? CreatedAt)
{
    public static UserView Of(DashboardUser user) => new(user.Name, DashboardRoles.Name(user.Role), user.CreatedAt);
}

public sealed record UserList(IReadOnlyList<UserView> Users);
