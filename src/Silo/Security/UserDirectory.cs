using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Sawmill.Dashboard.Security;
using Sawmill.Grains.Interfaces.Security;

namespace Sawmill.Silo.Security;

/// <summary>The dashboard's users (<see cref="IDashboardUserGrain"/>) and the configured <c>admin</c>
/// (<see cref="SecurityOptions.AdminPassword"/>, not stored): passwords checked with ASP.NET Core's PasswordHasher,
/// failed sign-ins counted in the grain so that a lockout holds on every silo.</summary>
public sealed class UserDirectory(IGrainFactory grains, IOptions<SecurityOptions> options, TimeProvider timeProvider) : IUserVerifier
{
    public const string ConfiguredAdmin = "admin";

    private readonly PasswordHasher<DashboardUser> _hasher = new();
    private readonly Lazy<DashboardUser?> _configuredAdmin = new(() => options.Value.AdminPassword is { } password
        ? new DashboardUser { Name = ConfiguredAdmin, Role = DashboardRole.Admin, PasswordHash = new PasswordHasher<DashboardUser>().HashPassword(null!, password) }
        : null);

    private IDashboardUserGrain Grain => grains.GetGrain<IDashboardUserGrain>(IDashboardUserGrain.Key);

    public async Task<SignInOutcome> VerifyAsync(string name, string password, CancellationToken cancellationToken)
    {
        var security = options.Value;
        if ((await Grain.GetAttemptsAsync(name)).LockedUntil is { } locked) return SignInOutcome.Locked(locked);
        var user = string.Equals(name, ConfiguredAdmin, StringComparison.OrdinalIgnoreCase) && _configuredAdmin.Value is { } admin
            ? admin
            : await Grain.GetAsync(name);
        // An unknown name costs a hash like a known one, so timing does not tell which names exist.
        var verdict = _hasher.VerifyHashedPassword(user!, user?.PasswordHash ?? Decoy.Value, password);
        if (user is null || verdict == PasswordVerificationResult.Failed)
        {
            var attempts = await Grain.FailedAsync(name, security.LockoutThreshold, security.LockoutDuration);
            return attempts.LockedUntil is { } until ? SignInOutcome.Locked(until) : SignInOutcome.Invalid;
        }
        await Grain.SucceededAsync(name);
        return SignInOutcome.Success(user.Name, user.Role);
    }

    public ValueTask<IReadOnlyList<DashboardUser>> ListAsync() => Grain.ListAsync();

    /// <summary>Adds a user; false if the name is taken (the configured admin's included).</summary>
    public async Task<bool> AddAsync(string name, string password, DashboardRole role)
    {
        if (string.Equals(name, ConfiguredAdmin, StringComparison.OrdinalIgnoreCase) && _configuredAdmin.Value is not null) return false;
        return await Grain.AddAsync(new DashboardUser { Name = name, Role = role, PasswordHash = _hasher.HashPassword(null!, password), CreatedAt = timeProvider.GetUtcNow() });
    }

    public async Task<bool> RemoveAsync(string name) => await Grain.RemoveAsync(name);

    private static readonly Lazy<string> Decoy = new(() => new PasswordHasher<DashboardUser>().HashPassword(null!, Guid.NewGuid().ToString()));
}
