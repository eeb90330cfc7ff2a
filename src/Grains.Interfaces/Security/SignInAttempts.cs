namespace Sawmill.Grains.Interfaces.Security;

/// <summary>A user's failed sign-ins in a row, and until when the user is locked out (null: not locked).</summary>
[GenerateSerializer, Immutable, Alias("Sawmill.SignInAttempts")]
public sealed record SignInAttempts([property: Id(0)] int Failures, [property: Id(1)] DateTimeOffset? LockedUntil);
