using Sawmill.Dashboard.Security;
using Sawmill.Grains.Interfaces.Security;

namespace Sawmill.Silo.Security;

/// <summary>The Access page in the silo: the key and user directories directly, with the API's own checks.</summary>
internal sealed class InProcessAccessBackend(ApiKeyDirectory keys, UserDirectory users) : IAccessBackend
{
    public async Task<IReadOnlyList<KeyView>> ListKeysAsync(CancellationToken cancellationToken)
        => [.. (await keys.ListAsync()).OrderBy(k => k.CreatedAt).Select(KeyView.Of)];

    public async Task<(CreatedKey? Key, string? Problem)> CreateKeyAsync(NewKeyRequest request, CancellationToken cancellationToken)
    {
        if (AccessRequests.Check(request, out var scopes) is { } problem) return (null, problem.Detail);
        var (key, secret) = await keys.CreateAsync(request.Name!.Trim(), scopes, request.Service, request.RatePerSecond);
        return (CreatedKey.Of(key, secret), null);
    }

    public Task<bool> RevokeKeyAsync(string id, CancellationToken cancellationToken) => keys.RevokeAsync(id);

    public async Task<IReadOnlyList<UserView>> ListUsersAsync(CancellationToken cancellationToken)
        => [.. (await users.ListAsync()).OrderBy(u => u.Name).Select(u => new UserView(u.Name, DashboardRoles.Name(u.Role), u.CreatedAt))];

    public async Task<string?> AddUserAsync(NewUserRequest request, CancellationToken cancellationToken)
    {
        if (AccessRequests.Check(request, out var role) is { } problem) return problem.Detail;
        var name = request.Name!.Trim();
        return await users.AddAsync(name, request.Password!, role) ? null : $"A user '{name}' exists already.";
    }

    public Task<bool> RemoveUserAsync(string name, CancellationToken cancellationToken) => users.RemoveAsync(name);
}
