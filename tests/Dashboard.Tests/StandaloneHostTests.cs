using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Sawmill.Dashboard.Live;
using Sawmill.Dashboard.Remote;
using Sawmill.Dashboard.Tests.Support;
using Sawmill.Grains.Nodes;
using Sawmill.Grains.Tests.Support;
using Sawmill.Silo.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Sawmill.Dashboard.Tests;

/// <summary>The standalone dashboard host against a silo that goes away and comes back.</summary>
public sealed class StandaloneHostTests
{
    [Fact]
    public async Task The_host_reconnects_when_its_silo_restarts_and_shows_new_entries_and_nodes()
    {
        var silo = await TestSilo.StartAsync();
        var port = silo.Client.BaseAddress!.Port;
        var host = await StandaloneDashboardFixture.StartAsync(silo.Client.BaseAddress!);
        try
        {
            var source = host.Services.GetRequiredService<HubLiveSource>();
            await Await.Completes(source.Connected, "the host to stream from the silo's hub");

            await silo.DisposeAsync();
            await Await.Until(() => !source.IsConnected, "the host to notice that the silo is gone");

            silo = await TestSilo.StartAsync(port: port);
            await Await.Completes(source.Connected, "the host to reconnect to the restarted silo");
            var siloFeed = silo.Services.GetRequiredService<LiveFeed>();
            await Await.Until(() => siloFeed.SubscriberCount > 0, "the host's tail stream to subscribe on the restarted silo");
            using var response = await silo.Client.PostEvents(Examples.Array(
                """{"message_type":"REGISTRATION","node_id":"back-1","service_name":"BackService"}""",
                """{"message_type":"LOG","log_id":"after-restart","node_id":"back-1","service_name":"BackService","log_level":"WARN","message":"back again"}"""));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

            var feed = host.Services.GetRequiredService<LiveFeed>();
            await Await.Until(() => feed.Recent(LiveFilter.All, 10).Any(e => e.LogId == "after-restart"), "the entry posted after the restart in the host's live feed");
            var registry = host.Services.GetRequiredService<NodeRegistry>();
            await Await.Until(() => registry.TryGet("back-1", out _), "the node registered after the restart in the host's node map");
        }
        finally
        {
            await host.StopAsync();
            await host.DisposeAsync();
            await silo.DisposeAsync();
        }
    }

    [Fact]
    public async Task Pages_say_when_the_silo_cannot_be_reached_instead_of_failing()
    {
        var fixture = new StandaloneDashboardFixture();
        await fixture.InitializeAsync();
        try
        {
            await fixture.StopSiloAsync();

            await using var page = await fixture.OpenAsync("/");
            await Expect(page.Page.Locator("#silo-unreachable")).ToContainTextAsync("cannot be reached");
            await page.GotoAsync("/grains");
            await Expect(page.Page.Locator("#silo-unreachable")).ToBeVisibleAsync();
            await page.GotoAsync("/search");
            await Expect(page.Page.Locator("#search-error")).ToContainTextAsync("cannot be reached");
            Assert.Empty(page.Errors);
        }
        finally
        {
            await fixture.DisposeAsync();
        }
    }
}
