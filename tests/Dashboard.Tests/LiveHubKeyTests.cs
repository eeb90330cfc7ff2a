using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Sawmill.Dashboard.Live;
using Sawmill.Grains.Tests.Support;
using Sawmill.Silo.Tests.Support;
using static Sawmill.Silo.Tests.Support.Json;

namespace Sawmill.Dashboard.Tests;

/// <summary>/hubs/live with keys required, through Microsoft's .NET SignalR client: refused without a key, with a key
/// lacking the read scope and with a revoked key; a read key streams.</summary>
public sealed class LiveHubKeyTests : IAsyncLifetime
{
    private TestSilo _silo = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _silo = await TestSilo.StartAsync(SecuredSilo.Settings());
        _admin = _silo.ClientWithKey(SecuredSilo.AdminKey);
    }

    [Fact]
    public async Task The_hub_refuses_no_key_a_key_without_read_and_a_revoked_key_and_streams_for_a_read_key()
    {
        var (_, ingest) = await SecuredSilo.CreateKeyAsync(_admin, "hub ingest", ["ingest"]);
        var (readId, read) = await SecuredSilo.CreateKeyAsync(_admin, "hub reader", ["read"]);

        Assert.Equal(HttpStatusCode.Unauthorized, await RefusedAsync(null));
        Assert.Equal(HttpStatusCode.Forbidden, await RefusedAsync(ingest));

        await using (var client = Connect(read))
        {
            await client.StartAsync();
            var feed = _silo.Services.GetRequiredService<LiveFeed>();
            var subscribers = feed.SubscriberCount;
            var tail = await client.StreamAsChannelAsync<JsonElement>("Tail", new JsonObject { ["service"] = "HubKeyService" });
            await Await.Until(() => feed.SubscriberCount > subscribers || tail.Completion.IsCompleted, "the keyed tail to subscribe");
            using (var posted = await _admin.PostEvents("""{"message_type":"LOG","log_id":"hub-key-1","node_id":"hub-1","service_name":"HubKeyService","log_level":"INFO","message":"through a key"}"""))
                Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            var entry = await tail.ReadAsync(timeout.Token);
            Assert.Equal("hub-key-1", entry.GetProperty("log_id").GetString());
        }

        using (var revoke = await _admin.DeleteAsync($"/api/v1/keys/{readId}"))
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await RefusedAsync(read));
    }

    private async Task<HttpStatusCode?> RefusedAsync(string? key)
    {
        await using var client = Connect(key);
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => client.StartAsync());
        return refused.StatusCode;
    }

    private HubConnection Connect(string? key) => new HubConnectionBuilder()
        .WithUrl(new Uri(_silo.Client.BaseAddress!, LiveHub.Path), http => http.AccessTokenProvider = () => Task.FromResult(key))
        .Build();

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _silo.DisposeAsync();
    }
}
