using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Sawmill.Dashboard.Security;

/// <summary>The dashboard's sign-in: a cookie (HttpOnly, SameSite=Lax, Secure when the request is HTTPS), the
/// dashboard policies and the sign-in throttle. The host adds an <see cref="IUserVerifier"/>.</summary>
public static class DashboardSecurityExtensions
{
    public const string CookieScheme = CookieAuthenticationDefaults.AuthenticationScheme;
    public const string CookieName = "sawmill.auth";

    public static IServiceCollection AddSawmillDashboardSecurity(this IServiceCollection services)
    {
        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.SectionName)
            .Validate(o => o.Validate() is null, "Security: AdminKey must be at least 16 characters, AdminPassword at least 12, and the lockout, throttle and session settings positive.")
            .ValidateOnStart();
        services.AddSingleton<SignInThrottle>();
        // A host that sets no default scheme of its own (the standalone dashboard) authenticates its requests by the cookie.
        services.AddAuthentication(o => o.DefaultScheme ??= CookieScheme).AddCookie(CookieScheme);
        services.AddOptions<CookieAuthenticationOptions>(CookieScheme).Configure<IOptions<SecurityOptions>>((cookie, security) =>
        {
            cookie.Cookie.Name = CookieName;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.LoginPath = AccountEndpoints.LoginPage;
            cookie.ExpireTimeSpan = security.Value.SessionLifetime;
            cookie.SlidingExpiration = true;
            // A signed-in viewer asking for an admin's page gets a plain 403, not a loop back to the sign-in page.
            cookie.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                // Text, never markup: the name and the path are only shown.
                context.Response.ContentType = "text/plain; charset=utf-8";
                context.Response.Headers.XContentTypeOptions = "nosniff";
                return context.Response.WriteAsync($"403: {context.HttpContext.User.Identity?.Name} may not open {context.Request.Path}: it is an admin's.");
            };
        });
        services.AddSingleton<IAuthorizationHandler, ScopeRequirementHandler>();
        services.AddAuthorization(o => SawmillPolicies.AddDashboard(o, CookieScheme));
        services.AddCascadingAuthenticationState();
        services.AddScoped<DashboardAccess>();
        return services;
    }
}
