namespace Sawmill.Dashboard.Security;

/// <summary>The API keys and users the Access page manages: the silo's directories in process, or the silo's API from a
/// standalone host (with its admin key). A refused request comes back as its reason.</summary>
public interface IAccessBackend
{
    Task<IReadOnlyList<KeyView>> ListKeysAsync(CancellationToken cancellationToken);

    /// <summary>The new key with its secret, or why it was refused.</summary>
    Task<(CreatedKey? Key, string? Problem)> CreateKeyAsync(NewKeyRequest request, CancellationToken cancellationToken);

    Task<bool> RevokeKeyAsync(string id, CancellationToken cancellationToken);

    Task<IReadOnlyList<UserView>> ListUsersAsync(CancellationToken cancellationToken);

    /// <summary>Null once the user is added, else why not.</summary>
    Task<string?> AddUserAsync(NewUserRequest request, CancellationToken cancellationToken);

    Task<bool> RemoveUserAsync(string name, CancellationToken cancellationToken);
}
