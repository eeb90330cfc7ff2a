namespace Sawmill.Grains.Interfaces.Security;

/// <summary>The cluster's API keys, in one grain (key <see cref="Key"/>): few keys, read by every silo's cache, changed rarely.</summary>
[Alias("Sawmill.IApiKeyGrain")]
public interface IApiKeyGrain : IGrainWithStringKey
{
    public const string Key = "keys";

    [Alias("Add")]
    ValueTask AddAsync(ApiKey key);

    /// <summary>Every key, revoked ones included (with the time of revocation).</summary>
    [Alias("List")]
    ValueTask<IReadOnlyList<ApiKey>> ListAsync();

    /// <summary>Revokes the key; false if there is no key of that id. Revoking twice keeps the first time.</summary>
    [Alias("Revoke")]
    ValueTask<bool> RevokeAsync(string id);
}
