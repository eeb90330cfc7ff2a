using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace Sawmill.Silo.Security;

/// <summary>API keys on the silo: the key directory, the ApiKey authentication scheme, the per-scope policies and the
/// per-key ingestion rates.</summary>
public static class SecurityHostingExtensions
{
    public static IServiceCollection AddSawmillSecurity(this IServiceCollection services)
    {
        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.SectionName)
            .Validate(o => o.Validate() is null, "Security: AdminKey must be at least 16 characters and KeyCacheRefresh positive.")
            .ValidateOnStart();
        services.AddSingleton<ApiKeyDirectory>();
        services.AddSingleton<KeyRateLimits>();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddSingleton<IAuthorizationHandler, ScopeRequirementHandler>();
        services.AddAuthorization(o => SawmillPolicies.Add(o, ApiKeyAuthenticationHandler.SchemeName));
        return services;
    }
}
