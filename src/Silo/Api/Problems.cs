using Microsoft.AspNetCore.Http.HttpResults;
using Sawmill.Dashboard.Security;
using Sawmill.Silo.Ingestion;

namespace Sawmill.Silo.Api;

/// <summary>The RFC 7807 answers of the API, one place for their types and titles.</summary>
internal static class Problems
{
    public static ProblemHttpResult InvalidEvents(string detail, IReadOnlyList<ItemError> errors) => TypedResults.Problem(
        detail: detail,
        statusCode: StatusCodes.Status400BadRequest,
        title: "Invalid events",
        type: "urn:sawmill:problem:invalid-events",
        extensions: new Dictionary<string, object?> { ["accepted"] = 0, ["errors"] = errors });

    public static ProblemHttpResult InvalidQuery(string parameter, string detail) => TypedResults.Problem(
        detail: detail,
        statusCode: StatusCodes.Status400BadRequest,
        title: "Invalid query",
        type: "urn:sawmill:problem:invalid-query",
        extensions: new Dictionary<string, object?> { ["parameter"] = parameter });

    /// <summary>The problem for a failure of the shared ingestion pipeline.</summary>
    public static ProblemHttpResult For(HttpContext context, IngestFailure failure, TimeSpan retryAfter) => failure.Kind switch
    {
        IngestFailureKind.Malformed => InvalidEvents(failure.Detail, failure.Errors),
        IngestFailureKind.TooLarge => TooLarge(failure.Detail),
        IngestFailureKind.UnsupportedEncoding => UnsupportedEncoding(failure.Detail),
        IngestFailureKind.RateLimited => TooManyRequests(context, failure.RetryAfter ?? retryAfter, failure.Detail),
        _ => Unavailable(context, retryAfter, failure.Detail),
    };

    private static ProblemHttpResult TooLarge(string detail) => TypedResults.Problem(
        detail: detail,
        statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "Payload too large",
        type: "urn:sawmill:problem:payload-too-large");

    private static ProblemHttpResult UnsupportedEncoding(string detail) => TypedResults.Problem(
        detail: detail,
        statusCode: StatusCodes.Status415UnsupportedMediaType,
        title: "Unsupported content encoding",
        type: "urn:sawmill:problem:unsupported-encoding");

    /// <summary>503 with Retry-After: the pipeline is full or the store failed; nothing of the request was acknowledged.</summary>
    public static ProblemHttpResult Unavailable(HttpContext context, TimeSpan retryAfter, string detail)
    {
        SetRetryAfter(context, retryAfter);
        return TypedResults.Problem(
            detail: detail,
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "Service unavailable",
            type: "urn:sawmill:problem:unavailable");
    }

    /// <summary>429 with Retry-After: the caller is over a limit; nothing of the request was taken.</summary>
    public static ProblemHttpResult TooManyRequests(HttpContext context, TimeSpan retryAfter, string detail)
    {
        SetRetryAfter(context, retryAfter);
        return TypedResults.Problem(
            detail: detail,
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Too many requests",
            type: "urn:sawmill:problem:too-many-requests");
    }

    public static ProblemHttpResult Unauthorized(string detail) => TypedResults.Problem(
        detail: detail,
        statusCode: StatusCodes.Status401Unauthorized,
        title: "Unauthorized",
        type: "urn:sawmill:problem:unauthorized");

    public static ProblemHttpResult Forbidden(string detail) => TypedResults.Problem(
        detail: detail,
        statusCode: StatusCodes.Status403Forbidden,
        title: "Forbidden",
        type: "urn:sawmill:problem:forbidden");

    /// <summary>400 for a new API key: the field and what is wrong with it.</summary>
    public static ProblemHttpResult InvalidKey(AccessProblem problem) => InvalidField("Invalid API key request", "urn:sawmill:problem:invalid-key", problem);

    /// <summary>400 for a new user (the field and what is wrong with it), or 409 for a name taken.</summary>
    public static ProblemHttpResult InvalidUser(AccessProblem problem) => problem.Conflict
        ? TypedResults.Problem(detail: problem.Detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict", type: "urn:sawmill:problem:conflict")
        : InvalidField("Invalid user request", "urn:sawmill:problem:invalid-user", problem);

    private static ProblemHttpResult InvalidField(string title, string type, AccessProblem problem) => TypedResults.Problem(
        detail: problem.Detail,
        statusCode: StatusCodes.Status400BadRequest,
        title: title,
        type: type,
        extensions: new Dictionary<string, object?> { ["field"] = problem.Field });

    public static ProblemHttpResult NotFound(string detail) => TypedResults.Problem(
        detail: detail,
        statusCode: StatusCodes.Status404NotFound,
        title: "Not found",
        type: "urn:sawmill:problem:not-found");

    public static void SetRetryAfter(HttpContext context, TimeSpan retryAfter)
        => context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
