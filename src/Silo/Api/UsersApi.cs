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

    internal static async Task<Results<Created<UserView>, ProblemHttpResult>> CreateAsync(NewUserRequest request, UserDirectory users)
    {
        if (AccessRequests.Check(request, out var role) is { } problem) return Invalid(problem.Field, problem.Detail);
        var name = request.Name!.Trim();
        if (!await users.AddAsync(name, request.Password!, role))
            return TypedResults.Problem(detail: $"A user '{name}' exists already.", statusCode: StatusCodes.Status409Conflict, title: "Conflict", type: "urn:sawmill:problem:conflict");
        return TypedResults.Created($"/api/v1/users/{Uri.EscapeDataString(name)}", new UserView(name, DashboardRoles.Name(role), null));
    }

    internal static async Task<Ok<UserList>> ListAsync(UserDirectory users)
        => TypedResults.Ok(new UserList([.. (await users.ListAsync()).OrderBy(u => u.Name).Select(u => new UserView(u.Name, DashboardRoles.Name(u.Role), u.CreatedAt))]));

    internal static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(string name, UserDirectory users)
        => await users.RemoveAsync(name) ? TypedResults.NoContent() : Problems.NotFound($"No user '{name}'.");

    internal static async Task<IResult> VerifyAsync(SignInRequest request, UserDirectory users, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Name) || string.IsNullOrEmpty(request.Password)) return TypedResults.Unauthorized();
        var outcome = await users.VerifyAsync(request.Name.Trim(), request.Password, cancellationToken);
        if (outcome.LockedUntil is { } until) return TypedResults.Json(new LockedOut(until), statusCode: StatusCodes.Status423Locked);
        return outcome.Succeeded ? TypedResults.Ok(new UserView(outcome.Name!, DashboardRoles.Name(outcome.Role), null)) : TypedResults.Unauthorized();
    }

    private static ProblemHttpResult Invalid(string field, string detail) => TypedResults.Problem(
        detail: detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid user request", type: "urn:sawmill:problem:invalid-user",
        extensions: new Dictionary<string, object?> { ["field"] = field });
}
