using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace Sawmill.Liveness;

/// <summary>POSTs one NDJSON body to /api/v1/events until it is answered 202, honouring Retry-After on 429 and 503
/// and counting every retry. Gives up (and counts a dropped batch) after a few attempts or when the run stops.</summary>
internal sealed class Poster(HttpClient http, PostTally tally)
{
    private const int MaxAttempts = 8;
    private static readonly MediaTypeHeaderValue Ndjson = new("application/x-ndjson");

    /// <summary>The Stopwatch timestamp of the 202, or null when the batch was dropped.</summary>
    public async Task<long?> PostAsync(byte[] body, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxAttempts && !cancellationToken.IsCancellationRequested; attempt++)
        {
            var retryAfter = TimeSpan.FromSeconds(1);
            try
            {
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = Ndjson;
                using var response = await http.PostAsync("/api/v1/events", content, cancellationToken);
                if (response.StatusCode == HttpStatusCode.Accepted) return Stopwatch.GetTimestamp();
                if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable)
                {
                    tally.Retried(response.StatusCode);
                    if (response.Headers.RetryAfter?.Delta is { } delta) retryAfter = delta;
                }
                else
                {
                    tally.Failed($"POST answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
                    return null;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // A request timeout or a refused connection: the silo is overwhelmed or gone; retry like a client library would.
                tally.Errored(ex.Message);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            try
            {
                await Task.Delay(retryAfter, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        tally.Dropped();
        return null;
    }
}
