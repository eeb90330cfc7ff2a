using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Sawmill.Sinks.Elasticsearch;

/// <summary>What the data stream needs before its first document: an index template of our ECS mapping for it (above
/// the built-in logs-*-* template), and in Kibana a data view on it with @timestamp as its time field.</summary>
internal sealed class ElasticsearchSetup(ElasticsearchSinkOptions options, HttpClient http, ILogger logger)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using (var template = Request(HttpMethod.Put, new Uri(new Uri(options.Url!), $"_index_template/{options.DataStream}"), Template()))
        using (var response = await http.SendAsync(template, cancellationToken))
        {
            if (!response.IsSuccessStatusCode)
                throw new HttpRequestException($"Elasticsearch refused the index template: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}", null, response.StatusCode);
        }
        logger.LogInformation("Index template {Name} is in place for data stream {DataStream}", options.DataStream, options.DataStream);
        if (options.KibanaUrl is null) return;
        var view = new JsonObject
        {
            ["data_view"] = new JsonObject { ["title"] = options.DataStream, ["name"] = "Sawmill logs", ["timeFieldName"] = "@timestamp" },
            ["override"] = true,
        };
        using var request = Request(HttpMethod.Post, new Uri(new Uri(options.KibanaUrl), "api/data_views/data_view"), view);
        request.Headers.Add("kbn-xsrf", "sawmill");
        using var answer = await http.SendAsync(request, cancellationToken);
        if (!answer.IsSuccessStatusCode && answer.StatusCode != HttpStatusCode.Conflict)
            throw new HttpRequestException($"Kibana refused the data view: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync(cancellationToken)}", null, answer.StatusCode);
        logger.LogInformation("Kibana data view {Name} on {DataStream} is in place", "Sawmill logs", options.DataStream);
    }

    private HttpRequestMessage Request(HttpMethod method, Uri uri, JsonObject body)
    {
        var request = new HttpRequestMessage(method, uri) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        if (options.ApiKey is { } key) request.Headers.Authorization = new AuthenticationHeaderValue("ApiKey", key);
        else if (options.Username is { } user)
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{options.Password}")));
        return request;
    }

    // ECS names for what Sawmill stores; labels flattened so any property shape fits one field.
    private JsonObject Template()
    {
        static JsonObject Type(string type) => new() { ["type"] = type };
        static JsonObject Object(params (string Name, JsonObject Mapping)[] properties)
            => new() { ["properties"] = new JsonObject(properties.Select(p => KeyValuePair.Create(p.Name, (JsonNode?)p.Mapping))) };
        return new JsonObject
        {
            ["index_patterns"] = new JsonArray(options.DataStream),
            ["data_stream"] = new JsonObject(),
            ["priority"] = 200,
            ["_meta"] = new JsonObject { ["managed_by"] = "sawmill" },
            ["template"] = new JsonObject
            {
                ["mappings"] = Object(
                    ("@timestamp", Type("date")),
                    ("message", Type("match_only_text")),
                    ("log", Object(("level", Type("keyword")))),
                    ("service", Object(("name", Type("keyword")))),
                    ("host", Object(("name", Type("keyword")))),
                    ("event", Object(("id", Type("keyword")), ("dataset", Type("keyword")), ("duration", Type("long")))),
                    ("error", Object(("code", Type("keyword")), ("message", Type("match_only_text")))),
                    ("labels", Type("flattened")),
                    ("sawmill", Object(("node_id", Type("keyword")), ("message_type", Type("keyword")),
                        ("response_time_ms", Type("double")), ("threshold_limit_ms", Type("double"))))),
            },
        };
    }
}
