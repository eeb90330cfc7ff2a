using System.Net.Http.Json;
using Microsoft.Extensions.Options;

namespace Sawmill.SampleServices;

/// <summary>Places orders at a steady rate so the demo always has live traffic.</summary>
public sealed class TrafficGenerator(IHttpClientFactory http, IOptions<DemoSettings> settings, ILogger<TrafficGenerator> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var orders = new Uri(settings.Value.OrderUrl!, "/orders");
        var client = http.CreateClient();
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1 / Math.Max(0.1, settings.Value.OrdersPerSecond)));
        long placed = 0, failed = 0;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var request = new OrderService.OrderRequest(InventoryService.AnySku(), Random.Shared.Next(1, 4), Math.Round((decimal)(Random.Shared.NextDouble() * 200 + 5), 2));
            try
            {
                using var response = await client.PostAsJsonAsync(orders, request, stoppingToken);
                if (response.IsSuccessStatusCode) placed++; else failed++;
            }
            catch (HttpRequestException)
            {
                failed++;
            }
            if ((placed + failed) % 100 == 0) logger.LogInformation("Traffic so far: {Placed} orders placed, {Failed} failed", placed, failed);
        }
    }
}
