using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Sawmill.Bench;

/// <summary>How many entries of a time window the silo can find: the histogram's total, the silo's own answer. A
/// benchmark may poll it; tests wait for signals instead.</summary>
internal static class Searchable
{
    public static async Task<long> CountAsync(HttpClient http, DateTimeOffset from, DateTimeOffset to)
    {
        var histogram = JsonNode.Parse(await http.GetStringAsync($"/api/v1/logs/histogram?interval=1h&from={from.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}&to={to.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}"))!;
        return histogram["buckets"]!.AsArray().Sum(b => (long)b!["total"]!);
    }

    /// <summary>Returns once <paramref name="expected"/> entries of the window are searchable; throws after two minutes.</summary>
    public static async Task WaitAsync(HttpClient http, DateTimeOffset from, DateTimeOffset to, long expected)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var stored = await CountAsync(http, from, to);
            if (stored >= expected) return;
            if (deadline.Elapsed > TimeSpan.FromMinutes(2)) throw new InvalidOperationException($"Only {stored} of {expected} events became searchable.");
            await Task.Delay(20);
        }
    }

    /// <summary>For a lossy transport: waits until <paramref name="expected"/> are searchable or the count has not grown
    /// for <paramref name="quiet"/>, and returns the count with when it last grew (measured from <paramref name="clock"/>'s start).</summary>
    public static async Task<(long Count, TimeSpan LastGrew)> SettleAsync(HttpClient http, DateTimeOffset from, DateTimeOffset to, long expected, TimeSpan quiet, Stopwatch clock)
    {
        var count = -1L;
        var grew = clock.Elapsed;
        while (true)
        {
            var stored = await CountAsync(http, from, to);
            if (stored != count) (count, grew) = (stored, clock.Elapsed);
            if (count >= expected || clock.Elapsed - grew > quiet) return (count, grew);
            await Task.Delay(20);
        }
    }
}
