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

    // Stateless and safe to share; it ignores the user it is given.
    private static readonly PasswordHasher<DashboardUser> Hasher = new();

    // The hash of a random password: what an unknown name is checked against.
    private static readonly Lazy<string> Decoy = new(() => Hasher.HashPassword(null!, Guid.NewGuid().ToString()));

    private readonly Lazy<DashboardUser?> _configuredAdmin = new(() => options.Value.AdminPassword is { } password
        ? new DashboardUser { Name = ConfiguredAdmin, Role = DashboardRole.Admin, PasswordHash = Hasher.HashPassword(null!, password) }
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
        var verdict = Hasher.VerifyHashedPassword(user!, user?.PasswordHash ?? Decoy.Value, password);
        if (user is null || verdict == PasswordVerificationResult.Failed)
        {
            var attempts = await Grain.FailedAsync(name, security.LockoutThreshold, security.LockoutDuration);
            return attempts.LockedUntil is { } until ? SignInOutcome.Locked(until) : SignInOutcome.Invalid;
        }
        await Grain.SucceededAsync(name);
        return SignInOutcome.Success(user.Name, user.Role);
    }

    public ValueTask<IReadOnlyList<DashboardUser>> ListAsync() => Grain.ListAsync();

    /// <summary>Adds a user; null if the name is taken (the configured admin's included).</summary>
    public async Task<DashboardUser?> AddAsync(string name, string password, DashboardRole role)
    {
        if (string.Equals(name, ConfiguredAdmin, StringComparison.OrdinalIgnoreCase) && _configuredAdmin.Value is not null) return null;
        var user = new DashboardUser { Name = name, Role = role, PasswordHash = Hasher.HashPassword(null!, password), CreatedAt = timeProvider.GetUtcNow() };
        return await Grain.AddAsync(user) ? user : null;
    }

    public async Task<bool> RemoveAsync(string name) => await Grain.RemoveAsync(name);
}
