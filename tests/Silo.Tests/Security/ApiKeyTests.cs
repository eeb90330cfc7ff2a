using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Sawmill.Silo.Tests.Support;
using static Sawmill.Silo.Tests.Support.Json;

namespace Sawmill.Silo.Tests.Security;

/// <summary>API keys on a silo with Security:RequireApiKeys on: made, listed, revoked through the API; sent in every
/// header a client uses; scopes, the pinned service and the per-key rate.</summary>
public sealed class ApiKeyTests : IAsyncLifetime
{
    public const string AdminKey = SecuredSilo.AdminKey;

    private TestSilo _silo = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _silo = await StartSecuredAsync();
        _admin = _silo.ClientWithKey(AdminKey);
    }

    public static Task<TestSilo> StartSecuredAsync() => TestSilo.StartAsync(SecuredSilo.Settings());

    [Fact]
    public async Task Without_a_key_nothing_is_stored_and_nothing_is_read()
    {
        using var post = await _silo.Client.PostEvents(Examples.Log("no-key-1"));
        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
        Assert.Equal("urn:sawmill:problem:unauthorized", (string)(await post.ReadNode())["type"]!);
        Assert.Contains("Bearer", post.Headers.WwwAuthenticate.ToString());

        using var search = await _silo.Client.GetAsync("/api/v1/logs?q=*");
        Assert.Equal(HttpStatusCode.Unauthorized, search.StatusCode);
        Assert.Empty(await _admin.SearchIds("node=node-1"));
    }

    [Fact]
    public async Task A_created_key_works_in_its_scope_only_and_its_secret_is_shown_once()
    {
        var ingest = await SecuredSilo.CreateKeyAsync(_admin, "shipper", ["ingest"]);
        var read = await SecuredSilo.CreateKeyAsync(_admin, "grafana", ["read"]);
        Assert.StartsWith("swm_", ingest.Secret);

        using var shipper = _silo.ClientWithKey(ingest.Secret);
        using (var posted = await shipper.PostEvents(Examples.Log("scoped-1")))
            Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        using (var denied = await shipper.GetAsync("/api/v1/logs"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
            Assert.Contains("lacks the 'read' scope", (string)(await denied.ReadNode())["detail"]!);
        }
        using var reader = _silo.ClientWithKey(read.Secret);
        Assert.Equal(["scoped-1"], await reader.SearchIds("node=node-1"));
        using (var notAdmin = await reader.GetAsync("/api/v1/keys"))
            Assert.Equal(HttpStatusCode.Forbidden, notAdmin.StatusCode);

        var list = await _admin.GetNode("/api/v1/keys");
        var listed = list["keys"]!.AsArray().Single(k => (string)k!["id"]! == ingest.Id)!;
        Assert.Equal("shipper", (string)listed["name"]!);
        Assert.Equal(["ingest"], listed["scopes"]!.AsArray().Select(s => (string)s!));
        Assert.DoesNotContain(ingest.Secret, list.ToJsonString());
        Assert.Null(listed["key"]);
        Assert.Null(listed["secret_hash"]);
    }

    [Fact]
    public async Task A_revoked_key_stops_working_at_once()
    {
        var key = await SecuredSilo.CreateKeyAsync(_admin, "leaked", ["ingest", "read"]);
        using var client = _silo.ClientWithKey(key.Secret);
        using (var before = await client.GetAsync("/api/v1/nodes"))
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        using (var revoke = await _admin.DeleteAsync($"/api/v1/keys/{key.Id}"))
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);

        using (var after = await client.PostEvents(Examples.Log("after-revoke")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
            Assert.Contains("unknown or was revoked", (string)(await after.ReadNode())["detail"]!);
        }
        Assert.Empty(await _admin.SearchIds("q=after-revoke"));
        var listed = (await _admin.GetNode("/api/v1/keys"))["keys"]!.AsArray().Single(k => (string)k!["id"]! == key.Id)!;
        Assert.NotNull(listed["revoked_at"]);
        using var again = await _admin.DeleteAsync("/api/v1/keys/no-such-key");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Theory]
    [InlineData("bearer")]
    [InlineData("x-sawmill-api-key")]
    [InlineData("x-seq-apikey")]
    [InlineData("query")]
    [InlineData("elastic-apikey")]
    [InlineData("basic")]
    public async Task A_key_is_accepted_in_every_place_a_client_puts_it(string place)
    {
        var key = await SecuredSilo.CreateKeyAsync(_admin, $"client-{place}", ["ingest"]);
        using var request = new HttpRequestMessage(HttpMethod.Post, place == "query" ? $"/api/v1/events?apiKey={key.Secret}" : "/api/v1/events")
        {
            Content = Body(Examples.Log($"place-{place}")),
        };
        switch (place)
        {
            case "bearer": request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key.Secret); break;
            case "x-sawmill-api-key": request.Headers.Add("X-Sawmill-Api-Key", key.Secret); break;
            case "x-seq-apikey": request.Headers.Add("X-Seq-ApiKey", key.Secret); break;
            // Elastic's clients send base64("id:api_key").
            case "basic": request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"fluent-bit:{key.Secret}"))); break;
            case "elastic-apikey": request.Headers.Authorization = new AuthenticationHeaderValue("ApiKey", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{key.Id}:{key.Secret}"))); break;
        }
        using var response = await _silo.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task A_key_pinned_to_a_service_cannot_write_as_another()
    {
        var key = await SecuredSilo.CreateKeyAsync(_admin, "billing", ["ingest"], service: "BillingService");
        using var client = _silo.ClientWithKey(key.Secret);
        string Log(string id, string service) => $$"""{"message_type":"LOG","log_id":"{{id}}","node_id":"billing-1","service_name":"{{service}}","log_level":"INFO","message":"pinned"}""";

        using var response = await client.PostEvents(Examples.Array(Log("pin-own", "BillingService"), Log("pin-other", "PaymentService")));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.ReadNode();
        Assert.Equal(1, (int)body["accepted"]!);
        var error = body["rejected"]!.AsArray().Single()!;
        Assert.Equal(("service_name", 1), ((string)error["field"]!, (int)error["index"]!));
        Assert.Contains("may only write as service 'BillingService'", (string)error["error"]!);
        Assert.Equal(["pin-own"], await _admin.SearchIds("node=billing-1"));
    }

    [Fact]
    public async Task A_key_over_its_rate_gets_429_with_retry_after_and_nothing_of_that_request_is_stored()
    {
        // One item a second: two requests sent back to back (no wait for delivery in between) cannot both pass.
        var key = await SecuredSilo.CreateKeyAsync(_admin, "chatty", ["ingest"], ratePerSecond: 1);
        using var client = new HttpClient { BaseAddress = _silo.Client.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key.Secret);
        var entry = """{"message_type":"LOG","node_id":"chatty-1","service_name":"ChattyService","log_level":"INFO","message":"m"}""";

        using (var first = await client.PostEvents(entry))
            Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        using var second = await client.PostEvents(entry);

        Assert.Equal((HttpStatusCode)429, second.StatusCode);
        Assert.NotNull(second.Headers.RetryAfter);
        Assert.Equal("urn:sawmill:problem:too-many-requests", (string)(await second.ReadNode())["type"]!);
        await _silo.DeliveredAsync();
        Assert.Single(await _admin.SearchIds("node=chatty-1"));
    }

    [Theory]
    [InlineData("", "name is required")]
    [InlineData("\"scopes\":[]", "at least one")]
    [InlineData("\"scopes\":[\"write\"]", "'write' is not a scope")]
    [InlineData("\"scopes\":[\"read\"],\"rate_per_second\":0", "rate_per_second")]
    public async Task A_bad_key_request_says_what_is_wrong(string fields, string expected)
    {
        var body = fields.StartsWith("\"scopes\"", StringComparison.Ordinal) ? $$"""{"name":"x",{{fields}}}""" : "{}";
        using var response = await _admin.PostAsync("/api/v1/keys", Body(body));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, (string)(await response.ReadNode())["detail"]!);
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _silo.DisposeAsync();
    }
}
