namespace Sawmill.Grains.Interfaces.Security;

/// <summary>An API key as stored: its secret only as a SHA-256 hash (the secret is shown once, when it is created).</summary>
[GenerateSerializer, Immutable, Alias("Sawmill.ApiKey")]
public sealed record ApiKey
{
    /// <summary>The key's public id (in lists, logs and DELETE /api/v1/keys/{id}).</summary>
    [Id(0)]
    public required string Id { get; init; }

    [Id(1)]
    public required string Name { get; init; }

    [Id(2)]
    public ApiKeyScopes Scopes { get; init; }

    /// <summary>The only service_name this key may write as, or null for any.</summary>
    [Id(3)]
    public string? Service { get; init; }

    /// <summary>Ingested items per second this key may send (a burst of one second's worth), or null for no limit of its own.</summary>
    [Id(4)]
    public int? RatePerSecond { get; init; }

    [Id(5)]
    public DateTimeOffset CreatedAt { get; init; }

    [Id(6)]
    public DateTimeOffset? RevokedAt { get; init; }

    /// <summary>Lower-case hex SHA-256 of the secret.</summary>
    [Id(7)]
    public required string SecretHash { get; init; }
}
