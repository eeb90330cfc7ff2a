using System.Net.Http.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Sawmill.SampleServices;

/// <summary>OrderService: places an order by reserving stock (InventoryService) and charging (PaymentService).</summary>
public static class OrderService
{
    public sealed record OrderRequest(string Sku, int Quantity, decimal Amount);

    public sealed record Order(string OrderId, string Status);

    public static void Map(WebApplication app)
        => app.MapPost("/orders", PlaceAsync).WithTags("Orders").WithSummary("Place an order");

    private static async Task<Results<Ok<Order>, ProblemHttpResult>> PlaceAsync(
        OrderRequest request, IHttpClientFactory http, IOptions<DemoSettings> settings, ILogger<Order> logger, CancellationToken cancellationToken)
    {
        var orderId = $"ord_{Random.Shared.Next(100_000, 999_999)}";
        using var scope = logger.BeginScope(new Dictionary<string, object?> { ["OrderId"] = orderId });
        logger.LogDebug("Placing order {OrderId} for {Quantity} x {Sku}", orderId, request.Quantity, request.Sku);
        var client = http.CreateClient();
        try
        {
            using var reserved = await client.PostAsJsonAsync(new Uri(settings.Value.InventoryUrl!, "/reservations"),
                new InventoryService.Reservation(request.Sku, request.Quantity, orderId), cancellationToken);
            if (!reserved.IsSuccessStatusCode)
            {
                logger.LogWarning("Order {OrderId} rejected: inventory answered {StatusCode}", orderId, (int)reserved.StatusCode);
                return TypedResults.Problem("Out of stock.", statusCode: 409);
            }
            using var paid = await client.PostAsJsonAsync(new Uri(settings.Value.PaymentUrl!, "/payments"),
                new PaymentService.Payment(orderId, request.Amount, "EUR"), cancellationToken);
            if (!paid.IsSuccessStatusCode)
            {
                logger.LogError("Order {OrderId} failed: payment answered {StatusCode} ({ErrorCode})", orderId, (int)paid.StatusCode, "PAYMENT_FAILED");
                return TypedResults.Problem("Payment failed.", statusCode: 402);
            }
        }
        catch (HttpRequestException ex)
        {
            // A peer is down (the demo kills them on purpose): that is an error worth an alert.
            logger.LogError(ex, "Order {OrderId} failed: a downstream service is unreachable ({ErrorCode})", orderId, "DOWNSTREAM_UNREACHABLE");
            return TypedResults.Problem("A downstream service is unreachable.", statusCode: 503);
        }
        logger.LogInformation("Order {OrderId} placed: {Quantity} x {Sku} for {Amount} EUR", orderId, request.Quantity, request.Sku, request.Amount);
        return TypedResults.Ok(new Order(orderId, "PLACED"));
    }
}
