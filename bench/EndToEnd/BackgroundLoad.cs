using System.Diagnostics;
using System.Net;
using System.Text;

namespace Sawmill.Bench.EndToEnd;

/// <summary>Posts LOG entries of service "Load" at a steady rate in NDJSON batches from a few clients, until stopped.</summary>
internal sealed class BackgroundLoad(HttpClient http, int eventsPerSecond, int clients = 4, int batchSize = 500)
{
    private long _sent, _failed;

    public long Sent => Interlocked.Read(ref _sent);
    public long FailedRequests => Interlocked.Read(ref _failed);

    public Task RunAsync(CancellationToken stop) => Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(() => ClientAsync(c, stop))));

    private async Task ClientAsync(int client, CancellationToken stop)
    {
        // Each client owns an equal share of the rate and paces itself against a stopwatch.
        var perClient = eventsPerSecond / (double)clients;
        var clock = Stopwatch.StartNew();
        for (long batch = 0; !stop.IsCancellationRequested; batch++)
        {
            var dueAt = TimeSpan.FromSeconds(batch * batchSize / perClient);
            if (dueAt > clock.Elapsed)
            {
                try { await Task.Delay(dueAt - clock.Elapsed, stop); } catch (OperationCanceledException) { return; }
            }
            var body = new StringBuilder(batchSize * 200);
            for (var i = 0; i < batchSize; i++)
            {
                body.Append("{\"message_type\":\"LOG\",\"node_id\":\"load-").Append(client).Append("\",\"service_name\":\"Load\",\"log_level\":\"")
                    .Append(i % 10 == 0 ? "WARN" : "INFO").Append("\",\"message\":\"background event ").Append(batch).Append('-').Append(i).Append("\"}\n");
            }
            try
            {
                using var response = await http.PostAsync("/api/v1/events", new StringContent(body.ToString(), Encoding.UTF8, "application/x-ndjson"), stop);
                if (response.StatusCode == HttpStatusCode.Accepted) Interlocked.Add(ref _sent, batchSize);
                else Interlocked.Increment(ref _failed);
            }
            catch (OperationCanceledException) { return; }
            catch (HttpRequestException) { Interlocked.Increment(ref _failed); }
        }
    }
}
