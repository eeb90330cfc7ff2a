using System.Net;
using System.Text.Json.Nodes;

namespace Sawmill.Silo.Tests.Support;

/// <summary>The settings of a silo with security on: keys required, the configured admin key and admin password.</summary>
public static class SecuredSilo
{
    public const string AdminKey = "test-admin-key-0123456789";
    public const string AdminPassword = "correct-horse-battery";

    public static Dictionary<string, string?> Settings(params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Security:RequireApiKeys"] = "true", ["Security:AdminKey"] = AdminKey, ["Security:AdminPassword"] = AdminPassword,
        };
        foreach (var (key, value) in more) settings[key] = value;
        return settings;
    }

    /// <summary>Makes a key through the API with <paramref name="admin"/>; its id and its secret.</summary>
    public static async Task<(string Id, string Secret)> CreateKeyAsync(HttpClient admin, string name, string[] scopes, string? service = null, int? ratePerSecond = null)
    {
        var request = new JsonObject { ["name"] = name, ["scopes"] = new JsonArray([.. scopes.Select(s => JsonValue.Create(s))]) };
        if (service is not null) request["service"] = service;
        if (ratePerSecond is not null) request["rate_per_second"] = ratePerSecond;
        using var response = await admin.PostAsync("/api/v1/keys", Json.Body(request.ToJsonString()));
        var body = await response.ReadNode();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToJsonString());
        return ((string)body["id"]!, (string)body["key"]!);
    }
}
