using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sawmill.Silo.Tests.Support;

/// <summary>Posting bodies and reading answers as JSON nodes, so tests check the exact wire shape.</summary>
public static class Json
{
    public static StringContent Body(string json, string contentType = "application/json") => new(json, Encoding.UTF8, contentType);

    public static Task<HttpResponseMessage> PostEvents(this HttpClient client, string json, string contentType = "application/json")
        => client.PostAsync("/api/v1/events", Body(json, contentType));

    public static async Task<JsonNode> ReadNode(this HttpResponseMessage response)
        => JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? throw new InvalidOperationException("The answer had no JSON body.");

    public static async Task<JsonNode> GetNode(this HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {url} answered {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }

    /// <summary>The log_ids of a search answer, in answer order.</summary>
    public static async Task<List<string>> SearchIds(this HttpClient client, string query)
    {
        var page = await client.GetNode($"/api/v1/logs?{query}");
        return page["items"]!.AsArray().Select(i => (string)i!["log_id"]!).ToList();
    }

    public static bool SameJson(JsonNode? expected, JsonNode? actual) => JsonNode.DeepEquals(expected, actual);

    public static JsonObject Object(string json) => JsonNode.Parse(json)!.AsObject();

    public static string Serialize(object value) => JsonSerializer.Serialize(value);

    public static Task<T?> Read<T>(this HttpResponseMessage response) => response.Content.ReadFromJsonAsync<T>();
}
