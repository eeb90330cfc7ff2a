namespace Sawmill.Grains.Interfaces.Security;

/// <summary>A local dashboard user: the password only as ASP.NET Core's PasswordHasher hash.</summary>
[GenerateSerializer, Immutable, Alias("Sawmill.DashboardUser")]
public sealed record DashboardUser
{
    [Id(0)]
    public required string Name { get; init; }

    [Id(1)]
    public DashboardRole Role { get; init; }

    [Id(2)]
    public required string PasswordHash { get; init; }

    [Id(3)]
    public DateTimeOffset CreatedAt { get; init; }
}
