using Microsoft.AspNetCore.Http.HttpResults;

namespace Sawmill.SampleServices;

/// <summary>PaymentService: charges cards through a (simulated) gateway that is sometimes slow, declines, or falls over.</summary>
public static class PaymentService
{
    private const int ThresholdMs = 500;

    public sealed record Payment(string OrderId, decimal Amount, string Currency);

    public sealed record Receipt(string PaymentId, string OrderId, decimal Amount);

    public static void Map(WebApplication app)
        => app.MapPost("/payments", Charge).WithTags("Payments").WithSummary("Charge a card for an order");

    private static Results<Ok<Receipt>, ProblemHttpResult> Charge(Payment payment, Behaviour behaviour, ILogger<Payment> logger)
    {
        var paymentId = $"pay_{Guid.NewGuid():N}"[..16];
        var outcome = behaviour.Next();
        var took = Behaviour.ResponseTimeMs(outcome, ThresholdMs);
        switch (outcome)
        {
            case Behaviour.Outcome.Fatal:
                logger.LogCritical(new InvalidOperationException("Connection pool exhausted: 100 of 100 connections in use"),
                    "Card gateway unreachable while charging order {OrderId}", payment.OrderId);
                return TypedResults.Problem("The card gateway is unreachable.", statusCode: 503);
            case Behaviour.Outcome.Failed:
                logger.LogError("Payment {PaymentId} of {Amount} {Currency} for order {OrderId} declined ({ErrorCode})", paymentId, payment.Amount, payment.Currency, payment.OrderId, "CARD_DECLINED");
                return TypedResults.Problem("The card was declined.", statusCode: 402);
            case Behaviour.Outcome.Slow:
                logger.LogWarning("Card gateway answered in {ResponseTimeMs} ms, over the {ThresholdLimitMs} ms threshold, for order {OrderId}", took, ThresholdMs, payment.OrderId);
                break;
        }
        logger.LogInformation("Payment {PaymentId} of {Amount} {Currency} captured for order {OrderId}", paymentId, payment.Amount, payment.Currency, payment.OrderId);
        return TypedResults.Ok(new Receipt(paymentId, payment.OrderId, payment.Amount));
    }
}
