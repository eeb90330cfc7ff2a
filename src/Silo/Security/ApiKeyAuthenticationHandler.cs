using Sawmill.Dashboard.Security;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Sawmill.Silo.Ingestion;

namespace Sawmill.Silo.Security;

/// <summary>Authenticates a request by the API key it carries (<see cref="ApiKeyCredentials"/>); a request without one
/// is anonymous, one with an unknown or revoked key fails. 401 and 403 are written in the endpoint's own protocol shape
/// (<see cref="AuthErrorWriter"/>), else as problem details.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyDirectory keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    // On an ingestion endpoint a refused key is an ingestion reject too.
    private void CountRefused(string reason)
    {
        if (Context.GetEndpoint()?.Metadata.GetMetadata<IngestTransport>() is { } transport)
            Grains.SawmillMetrics.IngestRefused.Add(1, new("transport", transport.Name), new("reason", reason));
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (ApiKeyCredentials.From(Request) is not { } secret) return AuthenticateResult.NoResult();
        return await keys.FindAsync(secret, Context.RequestAborted) is { } key
            ? AuthenticateResult.Success(new AuthenticationTicket(SawmillClaims.For(key, SchemeName), SchemeName))
            : AuthenticateResult.Fail("The API key is not valid: it is unknown or was revoked.");
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        var detail = result.Failure?.Message
            ?? $"This endpoint needs an API key: send Authorization: Bearer <key> or {ApiKeyCredentials.Header}: <key>.";
        Response.Headers.WWWAuthenticate = "Bearer realm=\"sawmill\"";
        CountRefused("unauthorized");
        await AuthErrorWriter.For(Context).Write(Context, StatusCodes.Status401Unauthorized, detail);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var needed = Context.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => SawmillPolicies.ScopeNameOf(a.Policy)).FirstOrDefault(s => s is not null);
        var detail = needed is null ? "The API key may not do this." : $"The API key lacks the '{needed}' scope this endpoint needs.";
        CountRefused("forbidden");
        return AuthErrorWriter.For(Context).Write(Context, StatusCodes.Status403Forbidden, detail);
    }
}
