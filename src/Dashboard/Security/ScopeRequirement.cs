using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Sawmill.Grains.Interfaces.Security;

namespace Sawmill.Dashboard.Security;

/// <summary>Met by a principal whose scopes allow <see cref="Scope"/> (admin allows all), or by anyone when security is off.</summary>
internal sealed record ScopeRequirement(ApiKeyScopes Scope) : IAuthorizationRequirement;

internal sealed class ScopeRequirementHandler(IOptions<SecurityOptions> options) : AuthorizationHandler<ScopeRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ScopeRequirement requirement)
    {
        if (!options.Value.RequireApiKeys || ApiKeyScopeNames.Allows(SawmillClaims.ScopesOf(context.User), requirement.Scope)) context.Succeed(requirement);
        return Task.CompletedTask;
    }
}
