using Sawmill.Dashboard.Security;
using Sawmill.Grains.Interfaces.Security;

namespace Sawmill.Silo.Security;

/// <summary>The keys and users in the silo, for /api/v1/keys, /api/v1/users and the Access page: the directories, behind
/// the one check of a new key or user (<see cref="AccessRequests"/>).</summary>
internal sealed class InProcessAccessBackend(ApiKeyDirectory keys, UserDirectory users) : IAccessBackend
{
    public async Task<IReadOnlyList<KeyView>> ListKeysAsync(CancellationToken cancellationToken)
        => [.. (await keys.ListAsync()).OrderBy(k => k.CreatedAt).Select(KeyView.Of)];

    public async Task<(CreatedKey? Key, AccessProblem? Problem)> CreateKeyAsync(NewKeyRequest request, CancellationToken cancellationToken)
    {
        if (AccessRequests.Check(request, out var scopes) is { } problem) return (null, new AccessProblem(problem.Field, problem.Detail));
        var (key, secret) = await keys.CreateAsync(request.Name!.Trim(), scopes, request.Service, request.RatePerSecond);
        return (CreatedKey.Of(key, secret), null);
    }

    public Task<bool> RevokeKeyAsync(string id, CancellationToken cancellationToken) => keys.RevokeAsync(id);

    public async Task<IReadOnlyList<UserView>> ListUsersAsync(CancellationToken cancellationToken)
        => [.. (await users.ListAsync()).OrderBy(u => u.Name).Select(UserView.Of)];

    public async Task<(UserView? User, AccessProblem? Problem)> AddUserAsync(NewUserRequest request, CancellationToken cancellationToken)
    {
        if (AccessRequests.Check(request, out var role) is { } problem) return (null, new AccessProblem(problem.Field, problem.Detail));
        var name = request.Name!.Trim();
        return await users.AddAsync(name, request.Password!, role) is { } user
            ? (UserView.Of(user), null)
            : (null, new AccessProblem("name", $"A user '{name}' exists already.", Conflict: true));
    }

    public Task<bool> RemoveUserAsync(string name, CancellationToken cancellationToken) => users.RemoveAsync(name);
}
