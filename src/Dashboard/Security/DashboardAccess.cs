using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;

namespace Sawmill.Dashboard.Security;

/// <summary>What the signed-in user may do on the pages (everything when security is off), by the same policies the
/// endpoints use. The pages hide what a user may not do, and check again on the server before doing it.</summary>
public sealed class DashboardAccess(AuthenticationStateProvider authentication, IAuthorizationService authorization, IOptions<SecurityOptions> options)
{
    public bool SignInRequired => options.Value.RequireApiKeys;

    /// <summary>The signed-in user's name, or null (security off, or not signed in).</summary>
    public async Task<string?> UserNameAsync() => (await authentication.GetAuthenticationStateAsync()).User.Identity?.Name;

    /// <summary>Whether the user may acknowledge alerts and manage keys and users.</summary>
    public async Task<bool> IsAdminAsync()
        => (await authorization.AuthorizeAsync((await authentication.GetAuthenticationStateAsync()).User, SawmillPolicies.DashboardAdmin)).Succeeded;
}
