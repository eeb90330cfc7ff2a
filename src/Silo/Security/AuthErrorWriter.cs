namespace Sawmill.Silo.Security;

/// <summary>Endpoint metadata: how a protocol writes a 401 or 403 (Seq's <c>{"Error"}</c>, Elasticsearch's
/// security_exception ...); endpoints without it answer problem details.</summary>
public sealed record AuthErrorWriter(Func<HttpContext, int, string, Task> Write)
{
    public static readonly AuthErrorWriter ProblemDetails = new((context, status, detail) =>
        (status == StatusCodes.Status401Unauthorized ? Api.Problems.Unauthorized(detail) : Api.Problems.Forbidden(detail)).ExecuteAsync(context));

    /// <summary>The writer of the request's endpoint.</summary>
    public static AuthErrorWriter For(HttpContext context) => context.GetEndpoint()?.Metadata.GetMetadata<AuthErrorWriter>() ?? ProblemDetails;
}
