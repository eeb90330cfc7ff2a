using Sawmill.Grains.Interfaces.Security;

namespace Sawmill.Grains.Security;

/// <summary>Stores the dashboard users and their failed sign-ins in the grain storage (SQLite embedded, Redis in a cluster).</summary>
public sealed class DashboardUserGrain(
    [PersistentState(DashboardUserGrain.StateName, StorageNames.GrainState)] IPersistentState<DashboardUserGrain.State> state,
    TimeProvider timeProvider) : Grain, IDashboardUserGrain
{
    public const string StateName = "dashboardusers";

    private static readonly SignInAttempts None = new(0, null);

    public async ValueTask<bool> AddAsync(DashboardUser user)
    {
        if (state.State.Users.Any(u => Same(u.Name, user.Name))) return false;
        state.State.Users.Add(user);
        await state.WriteStateAsync();
        return true;
    }

    public ValueTask<IReadOnlyList<DashboardUser>> ListAsync() => ValueTask.FromResult<IReadOnlyList<DashboardUser>>([.. state.State.Users]);

    public ValueTask<DashboardUser?> GetAsync(string name) => ValueTask.FromResult(state.State.Users.FirstOrDefault(u => Same(u.Name, name)));

    public async ValueTask<bool> RemoveAsync(string name)
    {
        if (state.State.Users.RemoveAll(u => Same(u.Name, name)) == 0) return false;
        state.State.Attempts.Remove(Key(name));
        await state.WriteStateAsync();
        return true;
    }

    public ValueTask<SignInAttempts> GetAttemptsAsync(string name)
    {
        var attempts = state.State.Attempts.GetValueOrDefault(Key(name), None);
        // A lockout that has run out no longer counts.
        return ValueTask.FromResult(attempts.LockedUntil <= timeProvider.GetUtcNow() ? None : attempts);
    }

    public async ValueTask<SignInAttempts> FailedAsync(string name, int threshold, TimeSpan lockout)
    {
        var before = await GetAttemptsAsync(name);
        var failures = before.Failures + 1;
        var attempts = failures >= threshold ? new SignInAttempts(failures, timeProvider.GetUtcNow() + lockout) : new SignInAttempts(failures, null);
        state.State.Attempts[Key(name)] = attempts;
        await state.WriteStateAsync();
        return attempts;
    }

    public async ValueTask SucceededAsync(string name)
    {
        if (state.State.Attempts.Remove(Key(name))) await state.WriteStateAsync();
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static string Key(string name) => name.ToLowerInvariant();

    [GenerateSerializer, Alias("Sawmill.DashboardUserGrain.State")]
    public sealed class State
    {
        [Id(0)]
        public List<DashboardUser> Users { get; set; } = [];

        [Id(1)]
        public Dictionary<string, SignInAttempts> Attempts { get; set; } = [];
    }
}
