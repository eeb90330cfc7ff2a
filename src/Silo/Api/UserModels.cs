namespace Sawmill.Silo.Api;

/// <summary>The body of POST /api/v1/users.</summary>
public sealed record NewUserRequest(string? Name, string? Password, string? Role);

/// <summary>The body of POST /api/v1/users/verify.</summary>
public sealed record SignInRequest(string? Name, string? Password);

/// <summary>A dashboard user as the API shows it: never the password hash.</summary>
public sealed record UserView(string Name, string Role, DateTimeOffset? CreatedAt);

public sealed record UserList(IReadOnlyList<UserView> Users);

/// <summary>The answer of a sign-in check while the user is locked out (423).</summary>
public sealed record LockedOut(DateTimeOffset LockedUntil);
