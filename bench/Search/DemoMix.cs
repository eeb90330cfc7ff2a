using System.Globalization;
using System.Text.Json;
using Sawmill.Grains.Interfaces;

namespace Sawmill.Search;

/// <summary>Entries shaped like the demo's (sample services logging through the client library): message templates with
/// their values as properties, a category, 5 services x 20 nodes, WARN timings, ERROR details, a rare word and a rare
/// phrase, spread over 24 hours with 1 % arriving up to two hours late.</summary>
internal static class DemoMix
{
    public static readonly string[] Services = ["PaymentService", "OrderService", "InventoryService", "ShippingService", "UserService"];
    private static readonly string[] Skus = Enumerable.Range(0, 400).Select(i => $"SKU-{i:D4}").ToArray();
    private static readonly string[] Resources = ["orders", "payments", "customers", "inventory", "carts", "invoices", "refunds", "shipments", "tokens", "sessions", "prices", "coupons"];
    private static readonly string[] Users = Enumerable.Range(0, 5000).Select(i => $"user{i}").ToArray();

    /// <summary>The rare word: about one entry in 100,000 has it.</summary>
    public const string RareWord = "kerberos";

    /// <summary>The phrase of the FATAL entries (about 0.2 %).</summary>
    public const string Phrase = "connection pool exhausted";

    public static string Node(int n) => $"{Services[n % Services.Length].Replace("Service", "", StringComparison.Ordinal).ToLowerInvariant()}-{n:D2}";

    public static LogEntry Entry(int i, DateTimeOffset start, TimeSpan span, int total)
    {
        var random = new Random(i);
        var nodeIndex = random.Next(100);
        var service = Services[nodeIndex % Services.Length];
        var at = start + span * ((double)i / total);
        if (random.Next(100) == 0) at -= TimeSpan.FromSeconds(random.Next(7200)); // late arrival
        if (at < start) at = start;
        var order = $"ord-{i:x8}";
        var amount = Math.Round(5 + random.NextDouble() * 200, 2);
        var roll = random.Next(1000);
        var ms = random.Next(5, 2000);
        var (level, template, message, values) = roll switch
        {
            < 80 => (Severity.Debug, "Retrying {Resource} call, attempt {Attempt}", $"Retrying {Pick(random, Resources)} call, attempt {random.Next(1, 4)}", 2),
            < 380 => (Severity.Info, "Order {OrderId} placed: {Quantity} x {Sku} for {Amount} EUR", $"Order {order} placed: {random.Next(1, 4)} x {Pick(random, Skus)} for {amount.ToString(CultureInfo.InvariantCulture)} EUR", 4),
            < 580 => (Severity.Info, "Payment {PaymentId} of {Amount} {Currency} captured for order {OrderId}", $"Payment pay-{i:x8} of {amount.ToString(CultureInfo.InvariantCulture)} EUR captured for order {order}", 4),
            < 700 => (Severity.Info, "GET /api/{Resource} answered {StatusCode} in {DurationMs} ms", $"GET /api/{Pick(random, Resources)} answered 200 in {ms} ms", 3),
            < 800 => (Severity.Info, "Session refreshed for {User}", $"Session refreshed for {Pick(random, Users)}", 1),
            < 950 => (Severity.Warn, "Card gateway answered in {ResponseTimeMs} ms, over the {ThresholdLimitMs} ms threshold, for order {OrderId}", $"Card gateway answered in {ms} ms, over the 500 ms threshold, for order {order}", 1),
            < 970 => (Severity.Error, "Payment {PaymentId} of {Amount} {Currency} for order {OrderId} declined ({ErrorCode})", $"Payment pay-{i:x8} of {amount.ToString(CultureInfo.InvariantCulture)} EUR for order {order} declined (CARD_DECLINED)", 4),
            < 990 => (Severity.Error, "Cannot reserve {Quantity} x {Sku} for order {OrderId}: out of stock ({ErrorCode})", $"Cannot reserve {random.Next(1, 4)} x {Pick(random, Skus)} for order {order}: out of stock (OUT_OF_STOCK)", 3),
            < 998 => (Severity.Error, "Order {OrderId} failed: a downstream service is unreachable ({ErrorCode})", $"Order {order} failed: a downstream service is unreachable (DOWNSTREAM_UNREACHABLE)", 1),
            _ => (Severity.Fatal, "Connection pool exhausted: {InUse} of {Size} connections in use", "Connection pool exhausted: 100 of 100 connections in use", 2),
        };
        if (i % 100_000 == 50_000)
            (level, template, message, values) = (Severity.Warn, "Kerberos ticket for {User} expired; renewing", $"Kerberos ticket for {Pick(random, Users)} expired; renewing", 1);

        var properties = new Dictionary<string, JsonElement>
        {
            ["category"] = Json($"Sawmill.SampleServices.{service}"),
            ["message_template"] = Json(template),
        };
        if (values >= 1) properties["order_id"] = Json(order);
        if (values >= 2) properties["amount"] = JsonSerializer.SerializeToElement(amount);
        if (values >= 3) properties["currency"] = Json("EUR");
        var errorCode = message.EndsWith(')') ? message[(message.LastIndexOf('(') + 1)..^1] : null;
        return new LogEntry
        {
            LogId = Guid.CreateVersion7(at).ToString("N"),
            NodeId = Node(nodeIndex),
            ServiceName = service,
            LogLevel = level,
            Message = message,
            Timestamp = at,
            ResponseTimeMs = level == Severity.Warn ? ms : null,
            ThresholdLimitMs = level == Severity.Warn ? 500 : null,
            ErrorDetails = level >= Severity.Error ? new ErrorDetails { ErrorCode = errorCode ?? "POOL_EXHAUSTED", ErrorMessage = ErrorMessages[roll % ErrorMessages.Length] } : null,
            Properties = properties,
        };
    }

    private static readonly string[] ErrorMessages = ["card declined by the issuer", "no stock left in any warehouse", "upstream timed out after 3 attempts", "connection refused"];

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];

    private static JsonElement Json(string value) => JsonSerializer.SerializeToElement(value);
}
