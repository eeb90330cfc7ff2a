using Microsoft.AspNetCore.Authentication;
using Sawmill.Dashboard.Security;

namespace Sawmill.Silo.Security;

/// <summary>API keys and users on the silo: the key and user directories, the ApiKey scheme and the API's policies,
/// and a default scheme that reads a request's key when it carries one and the dashboard's sign-in cookie otherwise.
/// The options, the cookie and the dashboard's policies come with the dashboard (AddSawmillDashboard).</summary>
public static class SecurityHostingExtensions
{
    public const string DefaultScheme = "sawmill";

    public static IServiceCollection AddSawmillSecurity(this IServiceCollection services)
    {
        services.AddSingleton<ApiKeyDirectory>();
        services.AddSingleton<KeyRateLimits>();
        services.AddSingleton<UserDirectory>();
        services.AddSingleton<IUserVerifier>(sp => sp.GetRequiredService<UserDirectory>());
        services.AddSingleton<IAccessBackend, InProcessAccessBackend>();
        services.AddAuthentication(DefaultScheme)
            .AddPolicyScheme(DefaultScheme, "API key or dashboard sign-in", o => o.ForwardDefaultSelector = context =>
                ApiKeyCredentials.From(context.Request) is null ? DashboardSecurityExtensions.CookieScheme : ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorization(o => SawmillPolicies.AddApi(o, ApiKeyAuthenticationHandler.SchemeName));
        return services;
    }
}
