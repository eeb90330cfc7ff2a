using Sawmill.Grains.Interfaces.Security;

namespace Sawmill.Grains.Security;

/// <summary>Stores the API keys in the grain storage (SQLite embedded, Redis in a cluster).</summary>
public sealed class ApiKeyGrain(
    [PersistentState(ApiKeyGrain.StateName, StorageNames.GrainState)] IPersistentState<ApiKeyGrain.State> state,
    TimeProvider timeProvider) : Grain, IApiKeyGrain
{
    public const string StateName = "apikeys";

    public async ValueTask AddAsync(ApiKey key)
    {
        if (state.State.Keys.Any(k => k.Id == key.Id || k.SecretHash == key.SecretHash))
            throw new ArgumentException($"An API key with id {key.Id} or the same secret exists already.", nameof(key));
        state.State.Keys.Add(key);
        await state.WriteStateAsync();
    }

    public ValueTask<IReadOnlyList<ApiKey>> ListAsync() => ValueTask.FromResult<IReadOnlyList<ApiKey>>([.. state.State.Keys]);

    public async ValueTask<bool> RevokeAsync(string id)
    {
        var index = state.State.Keys.FindIndex(k => k.Id == id);
        if (index < 0) return false;
        if (state.State.Keys[index].RevokedAt is not null) return true;
        state.State.Keys[index] = state.State.Keys[index] with { RevokedAt = timeProvider.GetUtcNow() };
        await state.WriteStateAsync();
        return true;
    }

    [GenerateSerializer, Alias("Sawmill.ApiKeyGrain.State")]
    public sealed class State
    {
        [Id(0)]
        public List<ApiKey> Keys { get; set; } = [];
    }
}
