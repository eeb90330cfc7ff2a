namespace Sawmill.Silo.Api;

/// <summary>The body of POST /api/v1/users/verify.</summary>
public sealed record SignInRequest(string? Name, string? Password);

/// <summary>The answer of a sign-in check while the user is locked out (423).</summary>
public sealed record LockedOut(DateTimeOffset LockedUntil);
