namespace Sawmill.Grains.Interfaces.Security;

/// <summary>The dashboard's local users and their failed sign-ins, in one grain (key <see cref="Key"/>), so a lockout
/// holds on every silo.</summary>
[Alias("Sawmill.IDashboardUserGrain")]
public interface IDashboardUserGrain : IGrainWithStringKey
{
    public const string Key = "users";

    /// <summary>Adds a user; false if one of that name exists.</summary>
    [Alias("Add")]
    ValueTask<bool> AddAsync(DashboardUser user);

    [Alias("List")]
    ValueTask<IReadOnlyList<DashboardUser>> ListAsync();

    [Alias("Get")]
    ValueTask<DashboardUser?> GetAsync(string name);

    /// <summary>Removes a user; false if there is none of that name.</summary>
    [Alias("Remove")]
    ValueTask<bool> RemoveAsync(string name);

    /// <summary>The user's failed sign-ins so far (also for the configured admin, who is not stored as a user).</summary>
    [Alias("GetAttempts")]
    ValueTask<SignInAttempts> GetAttemptsAsync(string name);

    /// <summary>Counts a failed sign-in; at <paramref name="threshold"/> in a row the user is locked for <paramref name="lockout"/>.</summary>
    [Alias("Failed")]
    ValueTask<SignInAttempts> FailedAsync(string name, int threshold, TimeSpan lockout);

    /// <summary>A successful sign-in clears the count.</summary>
    [Alias("Succeeded")]
    ValueTask SucceededAsync(string name);
}
