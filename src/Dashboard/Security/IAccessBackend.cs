namespace Sawmill.Dashboard.Security;

/// <summary>The API keys and users: the silo's directories in process (for the API and the Access page alike), or the
/// silo's API from a standalone host (with its admin key).</summary>
public interface IAccessBackend
{
    /// <summary>Every key, revoked ones included, oldest first.</summary>
    Task<IReadOnlyList<KeyView>> ListKeysAsync(CancellationToken cancellationToken);

    /// <summary>The new key with its secret, or why it was refused.</summary>
    Task<(CreatedKey? Key, AccessProblem? Problem)> CreateKeyAsync(NewKeyRequest request, CancellationToken cancellationToken);

    /// <summary>False if there is no key of that id.</summary>
    Task<bool> RevokeKeyAsync(string id, CancellationToken cancellationToken);

    /// <summary>The stored users by name (not the configured admin).</summary>
    Task<IReadOnlyList<UserView>> ListUsersAsync(CancellationToken cancellationToken);

    /// <summary>The new user, or why it was refused.</summary>
    Task<(UserView? User, AccessProblem? Problem)> AddUserAsync(NewUserRequest request, CancellationToken cancellationToken);

    /// <summary>False if there is no user of that name.</summary>
    Task<bool> RemoveUserAsync(string name, CancellationToken cancellationToken);
}
