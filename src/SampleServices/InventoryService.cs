using Microsoft.AspNetCore.Http.HttpResults;

namespace Sawmill.SampleServices;

/// <summary>InventoryService: reserves stock; sometimes slow, sometimes out of stock.</summary>
public static class InventoryService
{
    private const int ThresholdMs = 200;
    private static readonly string[] Skus = ["SKU-BOOK-1", "SKU-LAMP-7", "SKU-MUG-3", "SKU-DESK-2", "SKU-PEN-9"];

    public sealed record Reservation(string Sku, int Quantity, string OrderId);

    public static void Map(WebApplication app)
    {
        app.MapPost("/reservations", Reserve).WithTags("Inventory").WithSummary("Reserve stock for an order");
        app.MapGet("/stock/{sku}", (string sku) => TypedResults.Ok(new { sku, available = Random.Shared.Next(0, 500) })).WithTags("Inventory");
    }

    public static string AnySku() => Skus[Random.Shared.Next(Skus.Length)];

    private static Results<Ok<Reservation>, Conflict<string>> Reserve(Reservation reservation, Behaviour behaviour, ILogger<Reservation> logger)
    {
        var outcome = behaviour.Next();
        var took = Behaviour.ResponseTimeMs(outcome, ThresholdMs);
        switch (outcome)
        {
            case Behaviour.Outcome.Slow:
                logger.LogWarning("Stock lookup for {Sku} took {ResponseTimeMs} ms, over the {ThresholdLimitMs} ms threshold", reservation.Sku, took, ThresholdMs);
                break;
            case Behaviour.Outcome.Failed or Behaviour.Outcome.Fatal:
                logger.LogError("Cannot reserve {Quantity} x {Sku} for order {OrderId}: out of stock ({ErrorCode})", reservation.Quantity, reservation.Sku, reservation.OrderId, "OUT_OF_STOCK");
                return TypedResults.Conflict($"{reservation.Sku} is out of stock");
        }
        logger.LogInformation("Reserved {Quantity} x {Sku} for order {OrderId} in {DurationMs} ms", reservation.Quantity, reservation.Sku, reservation.OrderId, took);
        return TypedResults.Ok(reservation);
    }
}
