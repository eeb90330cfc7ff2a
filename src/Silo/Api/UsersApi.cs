using Microsoft.AspNetCore.Http.HttpResults;
using Sawmill.Dashboard.Security;
using Sawmill.Grains.Interfaces.Security;
using Sawmill.Silo.Security;

namespace Sawmill.Silo.Api;

/// <summary>/api/v1/users: the dashboard's local users (admin scope), and the check a standalone dashboard host signs
/// its users in with.</summary>
public static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/users").WithTags("Users").RequireAuthorization(SawmillPolicies.Admin);
        group.MapPost("/", CreateAsync).WithSummary("Add a dashboard user")
            .WithDescription($"Body: {{\"name\", \"password\" (at least {AccessRequests.MinPasswordLength} characters), \"role\": \"viewer\" | \"admin\"}}.");
        group.MapGet("/", ListAsync).WithSummary("The dashboard users, without their password hashes");
        group.MapDelete("/{name}", RemoveAsync).WithSummary("Remove a dashboard user");
        group.MapPost("/verify", VerifyAsync).WithSummary("Check a sign-in (for a standalone dashboard host)")
            .WithDescription("200 {name, role}; 401 for a wrong user or password; 423 {locked_until} while the user is locked out. Failed checks count toward the lockout.");
        return group;
    }

    internal static async Task<Results<Created<UserView>, ProblemHttpResult>> CreateAsync(NewUserRequest request, IAccessBackend access, CancellationToken cancellationToken)
    {
        var (user, problem) = await access.AddUserAsync(request, cancellationToken);
        return user is null ? Problems.InvalidUser(problem!) : TypedResults.Created($"/api/v1/users/{Uri.EscapeDataString(user.Name)}", user);
    }

    internal static async Task<Ok<UserList>> ListAsync(IAccessBackend access, CancellationToken cancellationToken)
        => TypedResults.Ok(new UserList(await access.ListUsersAsync(cancellationToken)));

    internal static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(string name, IAccessBackend access, CancellationToken cancellationToken)
        => await access.RemoveUserAsync(name, cancellationToken) ? TypedResults.NoContent() : Problems.NotFound($"No user '{name}'.");

    internal static async Task<IResult> VerifyAsync(SignInRequest request, UserDirectory users, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Name) || string.IsNullOrEmpty(request.Password)) return TypedResults.Unauthorized();
        var outcome = await users.VerifyAsync(request.Name.Trim(), request.Password, cancellationToken);
        if (outcome.LockedUntil is { } until) return TypedResults.Json(new LockedOut(until), statusCode: StatusCodes.Status423Locked);
        return outcome.Succeeded ? TypedResults.Ok(new UserView(outcome.Name!, DashboardRoles.Name(outcome.Role), null)) : TypedResults.Unauthorized();
    }
}
