using System.Text;

namespace Sawmill.Silo.Security;

/// <summary>Where a request may carry its key: <c>Authorization: Bearer</c> (OTLP exporters, the CLI, anything),
/// <c>X-Sawmill-Api-Key</c>, Seq's <c>X-Seq-ApiKey</c> header and <c>?apiKey=</c>, and Elasticsearch's
/// <c>Authorization: ApiKey</c> (the secret itself, or base64 of <c>id:secret</c> as Elastic's clients send it), and
/// <c>Authorization: Basic</c> with the key as the password (for shippers that only do basic auth, such as Fluent Bit).</summary>
public static class ApiKeyCredentials
{
    public const string Header = "X-Sawmill-Api-Key";
    public const string SeqHeader = "X-Seq-ApiKey";
    public const string SeqQuery = "apiKey";

    /// <summary>The key the request carries, or null when it carries none.</summary>
    public static string? From(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return NullIfEmpty(authorization[7..]);
        if (authorization.StartsWith("ApiKey ", StringComparison.OrdinalIgnoreCase)) return FromElastic(authorization[7..].Trim());
        if (authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return AfterColon(authorization[6..].Trim());
        if (NullIfEmpty(request.Headers[Header].ToString()) is { } sawmill) return sawmill;
        if (NullIfEmpty(request.Headers[SeqHeader].ToString()) is { } seq) return seq;
        return NullIfEmpty(request.Query[SeqQuery].ToString());
    }

    // Elastic's clients send base64("id:api_key"); agents configured with the "encoded" value send the same. A Sawmill
    // secret is never valid base64 of text with a colon, so trying the secret as it is comes second.
    private static string? FromElastic(string value) => value.Length == 0 ? null : AfterColon(value) ?? value;

    // What follows the first colon of base64 text ("id:secret", "user:password"), or null.
    private static string? AfterColon(string base64)
    {
        var buffer = new byte[base64.Length];
        if (!Convert.TryFromBase64String(base64, buffer, out var length)) return null;
        var text = Encoding.UTF8.GetString(buffer, 0, length);
        var colon = text.IndexOf(':');
        return colon >= 0 && colon < text.Length - 1 ? text[(colon + 1)..] : null;
    }

    private static string? NullIfEmpty(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
