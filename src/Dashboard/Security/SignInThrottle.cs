using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Sawmill.Dashboard.Security;

/// <summary>Sign-in attempts per client address (<see cref="SecurityOptions.SignInAttemptsPerMinute"/> a minute), checked
/// before any password is: guessing many passwords, or many users' passwords, from one address is throttled.</summary>
public sealed class SignInThrottle(IOptions<SecurityOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.SignInAttemptsPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));

    /// <summary>Whether this address may try now.</summary>
    public bool TryAttempt(string address)
    {
        using var lease = _limiter.AttemptAcquire(address);
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
