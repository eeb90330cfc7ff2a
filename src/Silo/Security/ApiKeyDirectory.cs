using Sawmill.Dashboard.Security;
using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Sawmill.Grains.Interfaces.Security;

namespace Sawmill.Silo.Security;

/// <summary>This silo's copy of the key list (from <see cref="IApiKeyGrain"/>), looked up by secret hash on every request
/// without a grain call. The copy is refreshed when older than <see cref="SecurityOptions.KeyCacheRefresh"/> and at once
/// after a change made through this silo; an unknown secret triggers at most one early refresh per second, so random
/// keys cannot flood the grain.</summary>
public sealed class ApiKeyDirectory(IGrainFactory grains, IOptions<SecurityOptions> options, TimeProvider timeProvider)
{
    /// <summary>The id of the key from <see cref="SecurityOptions.AdminKey"/>.</summary>
    public const string ConfiguredAdminId = "configured-admin";

    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private readonly byte[]? _adminHash = options.Value.AdminKey is { } admin ? Encoding.UTF8.GetBytes(ApiKeySecrets.Hash(admin)) : null;
    private FrozenDictionary<string, ApiKey> _byHash = FrozenDictionary<string, ApiKey>.Empty;
    // UTC ticks of the last load and of the last refresh an unknown secret caused (0: never).
    private long _loadedAt;
    private long _missRefreshAt;

    private IApiKeyGrain Grain => grains.GetGrain<IApiKeyGrain>(IApiKeyGrain.Key);

    /// <summary>The valid (not revoked) key with this secret, or null.</summary>
    public async ValueTask<ApiKey?> FindAsync(string secret, CancellationToken cancellationToken)
    {
        var hash = ApiKeySecrets.Hash(secret);
        if (_adminHash is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(hash), _adminHash))
            return ConfiguredAdmin;
        var now = timeProvider.GetUtcNow().UtcTicks;
        if (now - Volatile.Read(ref _loadedAt) > options.Value.KeyCacheRefresh.Ticks) await RefreshAsync(cancellationToken);
        if (!_byHash.TryGetValue(hash, out var key) && now - Volatile.Read(ref _missRefreshAt) > TimeSpan.TicksPerSecond)
        {
            Volatile.Write(ref _missRefreshAt, now);
            await RefreshAsync(cancellationToken);
            _byHash.TryGetValue(hash, out key);
        }
        return key is { RevokedAt: null } ? key : null;
    }

    public ValueTask<IReadOnlyList<ApiKey>> ListAsync() => Grain.ListAsync();

    /// <summary>Makes a key; returns it with its secret, which is not kept anywhere.</summary>
    public async Task<(ApiKey Key, string Secret)> CreateAsync(string name, ApiKeyScopes scopes, string? service, int? ratePerSecond)
    {
        var secret = ApiKeySecrets.NewSecret();
        var key = new ApiKey
        {
            Id = ApiKeySecrets.NewId(), Name = name, Scopes = scopes, Service = service, RatePerSecond = ratePerSecond,
            CreatedAt = timeProvider.GetUtcNow(), SecretHash = ApiKeySecrets.Hash(secret),
        };
        await Grain.AddAsync(key);
        await RefreshAsync(CancellationToken.None);
        return (key, secret);
    }

    public async Task<bool> RevokeAsync(string id)
    {
        var revoked = await Grain.RevokeAsync(id);
        await RefreshAsync(CancellationToken.None);
        return revoked;
    }

    private ApiKey ConfiguredAdmin => new()
    {
        Id = ConfiguredAdminId, Name = "Security:AdminKey", Scopes = ApiKeyScopes.Admin | ApiKeyScopes.Read | ApiKeyScopes.Ingest, SecretHash = "",
    };

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var started = timeProvider.GetUtcNow().UtcTicks;
        await _refreshing.WaitAsync(cancellationToken);
        try
        {
            // Another request refreshed while this one waited.
            if (Volatile.Read(ref _loadedAt) > started) return;
            var keys = await Grain.ListAsync();
            _byHash = keys.ToFrozenDictionary(k => k.SecretHash);
            Volatile.Write(ref _loadedAt, timeProvider.GetUtcNow().UtcTicks);
        }
        finally
        {
            _refreshing.Release();
        }
    }
}
