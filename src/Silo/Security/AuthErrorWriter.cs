namespace Sawmill.Silo.Security;

/// <summary>Endpoint metadata: how a protocol writes a 401 or 403 (Seq's <c>{"Error"}</c>, Elasticsearch's
/// security_exception ...); endpoints without it answer problem details.</summary>
public sealed record AuthErrorWriter(Func<HttpContext, int, string, Task> Write)
{
    public static readonly AuthErrorWriter ProblemDetails = new((context, status, detail) => TypedResults.Problem(
        detail: detail,
        statusCode: status,
        title: status == StatusCodes.Status401Unauthorized ? "Unauthorized" : "Forbidden",
        type: status == StatusCodes.Status401Unauthorized ? "urn:sawmill:problem:unauthorized" : "urn:sawmill:problem:forbidden").ExecuteAsync(context));

    /// <summary>The writer of the request's endpoint.</summary>
    public static AuthErrorWriter For(HttpContext context) => context.GetEndpoint()?.Metadata.GetMetadata<AuthErrorWriter>() ?? ProblemDetails;
}
