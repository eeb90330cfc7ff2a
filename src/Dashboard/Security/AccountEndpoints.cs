using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Sawmill.Dashboard.Security;

/// <summary>POST /account/login and /account/logout: the sign-in form's targets (antiforgery-checked, as every form
/// post is). A failed attempt goes back to /login with the reason; nothing says whether the name exists.</summary>
public static class AccountEndpoints
{
    public const string LoginPage = "/login";

    public static IEndpointRouteBuilder MapDashboardAccount(this IEndpointRouteBuilder routes)
    {
        // Both are form posts that need the form's antiforgery token (UseAntiforgery checks it).
        var group = routes.MapGroup("/account").ExcludeFromDescription().AllowAnonymous().WithMetadata(new RequireAntiforgeryTokenAttribute());
        group.MapPost("/login", SignInAsync);
        group.MapPost("/logout", (Delegate)SignOutAsync);
        return routes;
    }

    internal static async Task<IResult> SignInAsync(
        [FromForm] string? name, [FromForm] string? password, [FromForm] string? returnUrl, HttpContext context,
        IUserVerifier users, SignInThrottle throttle, IOptions<SecurityOptions> options, ILoggerFactory loggers)
    {
        var back = LocalPath(returnUrl);
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var logger = loggers.CreateLogger(typeof(AccountEndpoints));
        if (!throttle.TryAttempt(address))
        {
            logger.LogWarning("Sign-in from {Address} refused: more than {Limit} attempts a minute", address, options.Value.SignInAttemptsPerMinute);
            return Back("throttled", back);
        }
        if (string.IsNullOrWhiteSpace(name) || string.IsNullOrEmpty(password)) return Back("invalid", back);
        var outcome = await users.VerifyAsync(name.Trim(), password, context.RequestAborted);
        if (outcome.LockedUntil is { } until)
        {
            logger.LogWarning("Sign-in of {User} from {Address} refused: locked out until {Until}", name, address, until);
            return Back("locked", back);
        }
        if (!outcome.Succeeded)
        {
            logger.LogWarning("Sign-in of {User} from {Address} failed", name, address);
            return Back("invalid", back);
        }
        var scheme = DashboardSecurityExtensions.CookieScheme;
        await context.SignInAsync(scheme, SawmillClaims.For(outcome.Name!, outcome.Role, scheme));
        logger.LogInformation("{User} signed in from {Address}", outcome.Name, address);
        return TypedResults.LocalRedirect(back);
    }

    internal static async Task<IResult> SignOutAsync(HttpContext context)
    {
        await context.SignOutAsync(DashboardSecurityExtensions.CookieScheme);
        return TypedResults.LocalRedirect(LoginPage);
    }

    private static IResult Back(string error, string returnUrl)
        => TypedResults.LocalRedirect($"{LoginPage}?error={error}&returnUrl={Uri.EscapeDataString(returnUrl)}");

    // Only a path of this site: never an open redirect to another one.
    private static string LocalPath(string? url)
        => url is { Length: > 0 } && url[0] == '/' && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal) ? url : "/";
}
