using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Sawmill.Grains.Tests.Support;
using Sawmill.Silo.Tests.Support;
using static Sawmill.Silo.Tests.Support.Json;

namespace Sawmill.Silo.Tests;

/// <summary>/metrics scraped as Prometheus does, parsed as its text format, with the documented series.</summary>
public sealed partial class MetricsTests : IAsyncLifetime
{
    private TestSilo _silo = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _silo = await TestSilo.StartAsync(SecuredSilo.Settings(("Metrics:SamplePeriod", "00:00:00.200")));
        _admin = _silo.ClientWithKey(SecuredSilo.AdminKey);
    }

    [Fact]
    public async Task A_scrape_parses_as_Prometheus_text_with_ingest_query_node_alert_store_stream_and_Orleans_series()
    {
        using (var refused = await _silo.Client.PostEvents(Examples.Log("metrics-refused")))
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        using (var posted = await _admin.PostEvents(Examples.Array(Examples.Registration, Examples.Heartbeat, Examples.Error, """{"message_type":"LOG"}""")))
            Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        // A request of which nothing is taken is answered before any publishing: its items count as rejected all the same.
        using (var refusedItems = await _admin.PostEvents(Examples.Array("""{"message_type":"LOG","node_id":"m-1"}""", """{"message_type":"NOPE"}""")))
            Assert.Equal(HttpStatusCode.BadRequest, refusedItems.StatusCode);
        using (var clef = await _admin.PostAsync("/ingest/clef", new StringContent("{\"@t\":\"2026-11-21T10:00:00Z\",\"@m\":\"clef one\"}\n{\"@m\":\"no time\"}", Encoding.UTF8, "application/vnd.serilog.clef")))
            Assert.Equal(HttpStatusCode.Created, clef.StatusCode);
        await _admin.GetNode("/api/v1/logs?level=ERROR");

        using (var anonymous = await _silo.Client.GetAsync("/metrics"))
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        // Silos sharing a process (tests) each report their own gauges, apart by the silo label.
        var silo = _silo.Services.GetRequiredService<Orleans.Runtime.ILocalSiloDetails>().SiloAddress.ToParsableString();
        bool Sampled(List<Sample> all, string name, double atLeast) => all.Any(s => s.Name == name && s.Labels.GetValueOrDefault("silo") == silo && s.Value >= atLeast);
        List<Sample> samples = [];
        try
        {
            // The alert (critical_logs) and the stored entries (all_logs) arrive apart, and the store is sampled: wait for both.
            await Await.UntilAsync(async () =>
            {
                samples = await ScrapeAsync();
                return Sampled(samples, "sawmill_store_partitions", 1) && Sampled(samples, "sawmill_store_size_bytes", 1) && Sampled(samples, "sawmill_alerts_open", 1);
            }, "the sampled gauges (store, open alerts) in a scrape");
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message} The last scrape's sawmill series: {string.Join("; ", samples.Where(s => s.Name.StartsWith("sawmill", StringComparison.Ordinal)).Select(s => $"{s.Name}{{{string.Join(",", s.Labels.Select(l => $"{l.Key}={l.Value}"))}}} {s.Value}"))}", ex);
        }

        Assert.True(Value(samples, "sawmill_ingest_items_total", ("transport", "http"), ("outcome", "accepted")) >= 3);
        Assert.True(Value(samples, "sawmill_ingest_items_total", ("transport", "http"), ("outcome", "rejected")) >= 3);
        Assert.True(Value(samples, "sawmill_ingest_items_total", ("transport", "clef"), ("outcome", "rejected")) >= 1);
        Assert.True(Value(samples, "sawmill_ingest_refused_total", ("transport", "http"), ("reason", "unauthorized")) >= 1);
        Assert.True(Value(samples, "sawmill_query_duration_seconds_count", ("kind", "search")) >= 1);
        Assert.Contains(samples, s => s.Name == "sawmill_query_duration_seconds_bucket" && s.Labels.GetValueOrDefault("le") == "+Inf");
        Assert.Equal(1, Value(samples, "sawmill_nodes", ("status", "up"), ("silo", silo)));
        Assert.Contains(samples, s => s.Name == "sawmill_stream_lag_seconds" && s.Labels.GetValueOrDefault("partition") == "0");
        Assert.Contains(samples, s => s.Name == "sawmill_ingest_in_flight");
        Assert.Contains(samples, s => s.Name.StartsWith("orleans_", StringComparison.Ordinal));
        Assert.Contains(samples, s => s.Name == "http_server_request_duration_seconds_count");
        Assert.True(Value(samples, "dotnet_gc_heap_total_allocated_bytes_total") > 0);
        Assert.Contains(samples, s => s.Name == "dotnet_process_cpu_time_seconds_total");
    }

    [Fact]
    public async Task A_silo_keeps_its_gauges_when_another_silo_of_the_process_stops()
    {
        // Another silo that was running when this one started, and stops before the scrape (tests run silos side by side).
        await (await TestSilo.StartAsync(SecuredSilo.Settings())).DisposeAsync();
        var other = await TestSilo.StartAsync(SecuredSilo.Settings());
        await using (var late = await TestSilo.StartAsync(SecuredSilo.Settings()))
        {
            await other.DisposeAsync();
            var silo = late.Services.GetRequiredService<Orleans.Runtime.ILocalSiloDetails>().SiloAddress.ToParsableString();
            using var reader = late.ClientWithKey(SecuredSilo.AdminKey);
            using var response = await reader.GetAsync("/metrics");
            var samples = Parse(await response.Content.ReadAsStringAsync());
            Assert.Contains(samples, s => s.Name == "sawmill_nodes" && s.Labels.GetValueOrDefault("silo") == silo);
            // Only its own: the silos alive beside it (this class's) report on their own /metrics.
            Assert.DoesNotContain(samples, s => s.Name == "sawmill_nodes" && s.Labels.GetValueOrDefault("silo") != silo);
        }
    }

    private async Task<List<Sample>> ScrapeAsync()
    {
        using var reader = _silo.ClientWithKey(SecuredSilo.AdminKey);
        using var response = await reader.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        return Parse(await response.Content.ReadAsStringAsync());
    }

    /// <summary>Prometheus' text exposition format: comments (# HELP, # TYPE, # EOF) and samples; any other line fails.</summary>
    private static List<Sample> Parse(string text)
    {
        var samples = new List<Sample>();
        var typed = new HashSet<string>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0) continue;
            if (line.StartsWith('#'))
            {
                var comment = Comment().Match(line);
                Assert.True(comment.Success, $"not a valid comment line: {line}");
                if (comment.Groups[1].Value == "TYPE") Assert.True(typed.Add(comment.Groups[2].Value), $"a second TYPE for {comment.Groups[2].Value}");
                continue;
            }
            var sample = SampleLine().Match(line);
            Assert.True(sample.Success, $"not a valid sample line: {line}");
            var labels = LabelPair().Matches(sample.Groups[2].Value).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
            var value = sample.Groups[3].Value switch { "+Inf" => double.PositiveInfinity, "-Inf" => double.NegativeInfinity, var v => double.Parse(v, CultureInfo.InvariantCulture) };
            samples.Add(new Sample(sample.Groups[1].Value, labels, value));
        }
        Assert.NotEmpty(samples);
        return samples;
    }

    private static double Value(List<Sample> samples, string name, params (string Key, string Value)[] labels)
    {
        var matching = samples.Where(s => s.Name == name && labels.All(l => s.Labels.GetValueOrDefault(l.Key) == l.Value)).ToList();
        Assert.True(matching.Count > 0, $"no {name} with {string.Join(",", labels)}");
        return matching.Sum(s => s.Value);
    }

    [GeneratedRegex(@"^# (HELP|TYPE|EOF)(?: ([a-zA-Z_:][a-zA-Z0-9_:]*)(?: (.*))?)?$")]
    private static partial Regex Comment();

    [GeneratedRegex(@"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*=""(?:\\.|[^""\\])*"",?)*\})? (\S+)(?: -?\d+)?$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""((?:\\.|[^""\\])*)""")]
    private static partial Regex LabelPair();

    private sealed record Sample(string Name, Dictionary<string, string> Labels, double Value);

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _silo.DisposeAsync();
    }
}
