using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Sawmill.Cli;

/// <summary>The silo's HTTP API for the commands: JSON in and out, every failure a <see cref="CliException"/> with the
/// silo's own explanation (problem details' detail, Seq's Error).</summary>
public sealed class SiloClient : IDisposable
{
    private readonly HttpClient _http;

    public SiloClient(CliSettings settings, HttpMessageHandler? handler = null)
    {
        Settings = settings;
        _http = new HttpClient(handler ?? new SocketsHttpHandler()) { BaseAddress = settings.Url, Timeout = TimeSpan.FromSeconds(100) };
        if (settings.ApiKey is { } key) _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
    }

    public CliSettings Settings { get; }

    public Task<JsonNode> GetAsync(string path, CancellationToken cancellationToken) => SendAsync(HttpMethod.Get, path, () => null, cancellationToken);

    public Task<JsonNode> PostAsync(string path, JsonNode? body, CancellationToken cancellationToken)
        => SendAsync(HttpMethod.Post, path, () => body is null ? null : new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"), cancellationToken);

    public Task<JsonNode> DeleteAsync(string path, CancellationToken cancellationToken) => SendAsync(HttpMethod.Delete, path, () => null, cancellationToken);

    /// <summary>Sends a body made by <paramref name="content"/> (again for a retry); 429 and 503 are retried after their
    /// Retry-After, at most 10 times.</summary>
    public async Task<JsonNode> SendAsync(HttpMethod method, string path, Func<HttpContent?> content, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            HttpResponseMessage response;
            try
            {
                using var request = new HttpRequestMessage(method, path) { Content = content() };
                response = await _http.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException ex)
            {
                throw new CliException(ExitCodes.Unavailable, $"{Settings.Url} cannot be reached: {ex.Message}");
            }
            using (response)
            {
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                if (response.IsSuccessStatusCode) return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text) ?? new JsonObject();
                if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable && attempt < 10)
                {
                    await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1), cancellationToken);
                    continue;
                }
                throw Failure(response.StatusCode, text);
            }
        }
    }

    private static CliException Failure(HttpStatusCode status, string body)
    {
        string? detail = null;
        try
        {
            var json = JsonNode.Parse(body);
            detail = (string?)json?["detail"] ?? (string?)json?["Error"];
        }
        catch (System.Text.Json.JsonException)
        {
            // not JSON: the status says enough
        }
        var code = status switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => ExitCodes.NotAuthorized,
            HttpStatusCode.NotFound => ExitCodes.NotFound,
            >= HttpStatusCode.InternalServerError or HttpStatusCode.TooManyRequests => ExitCodes.Unavailable,
            _ => ExitCodes.Refused,
        };
        var hint = status == HttpStatusCode.Unauthorized ? " (give a key with --api-key or $SAWMILL_API_KEY)" : "";
        return new CliException(code, $"{(int)status} {status}: {detail ?? "no detail"}{hint}");
    }

    public void Dispose() => _http.Dispose();
}
