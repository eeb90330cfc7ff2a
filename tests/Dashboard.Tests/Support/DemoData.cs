using System.Globalization;
using System.Text.Json.Nodes;

namespace Sawmill.Dashboard.Tests.Support;

/// <summary>A plausible hour of a small fleet (registrations, heartbeats, logs of every level), for screenshots.</summary>
public static class DemoData
{
    public static readonly (string Service, string[] Nodes)[] Fleet =
    [
        ("PaymentService", ["payment-1", "payment-2", "payment-3"]),
        ("OrderService", ["order-1", "order-2", "order-3", "order-4"]),
        ("InventoryService", ["inventory-1", "inventory-2"]),
        ("AuthService", ["auth-1", "auth-2"]),
        ("NotificationService", ["notify-1"]),
    ];

    private static readonly string[] Info =
        ["Payment processed for order {0}", "Order {0} created", "Stock reserved for order {0}", "User {0} signed in", "Email queued for order {0}", "Cache refreshed in {0} ms"];
    private static readonly string[] Debug = ["Polling queue, {0} messages", "Connection pool size {0}", "Retry policy evaluated for {0}"];
    private static readonly string[] Warn = ["Slow call to the card gateway", "Inventory sync lagging behind", "Token refresh took longer than expected"];
    private static readonly (string Message, string Code, string Detail)[] Errors =
    [
        ("Card declined", "E42", "Insufficient funds"),
        ("Timeout calling warehouse API", "WH_TIMEOUT", "no answer after 5 s"),
        ("Invalid signature on token", "AUTH_SIG", "kid not found"),
    ];

    /// <summary>Registrations and a heartbeat for every node; the last node says goodbye (DOWN).</summary>
    public static IEnumerable<string> Nodes()
    {
        var n = 0;
        foreach (var (service, nodes) in Fleet)
        {
            foreach (var node in nodes)
            {
                n++;
                yield return $$"""{"message_type":"REGISTRATION","node_id":"{{node}}","service_name":"{{service}}","host":"10.0.{{n / 4}}.{{10 + n}}","version":"2.{{n % 3}}.{{n}}","region":"{{(n % 2 == 0 ? "eu-west-1" : "us-east-1")}}"}""";
                yield return $$"""{"message_type":"HEARTBEAT","node_id":"{{node}}"}""";
            }
        }
        yield return """{"message_type":"HEARTBEAT","node_id":"notify-1","status":"DOWN"}""";
    }

    /// <summary>Log lines over the hour before <paramref name="now"/>, oldest first.</summary>
    public static IEnumerable<string> Logs(DateTimeOffset now, int count)
    {
        var random = new Random(42);
        var lines = new List<(DateTimeOffset At, JsonObject Line)>();
        for (var i = 0; i < count; i++)
        {
            var (service, nodes) = Fleet[random.Next(Fleet.Length - 1)];
            var at = now.AddMilliseconds(-random.Next(5_000, 3_600_000));
            var roll = random.Next(100);
            var line = new JsonObject { ["message_type"] = "LOG", ["node_id"] = nodes[random.Next(nodes.Length)], ["service_name"] = service };
            if (roll < 12) Fill(line, "DEBUG", string.Format(CultureInfo.InvariantCulture, Debug[random.Next(Debug.Length)], random.Next(1, 90)));
            else if (roll < 78) Fill(line, "INFO", string.Format(CultureInfo.InvariantCulture, Info[random.Next(Info.Length)], random.Next(1000, 9999)));
            else if (roll < 92)
            {
                Fill(line, "WARN", Warn[random.Next(Warn.Length)]);
                line["response_time_ms"] = random.Next(520, 2400);
                line["threshold_limit_ms"] = 500;
            }
            else
            {
                var error = Errors[random.Next(Errors.Length)];
                Fill(line, roll < 98 ? "ERROR" : "FATAL", error.Message);
                line["error_details"] = new JsonObject { ["error_code"] = error.Code, ["error_message"] = error.Detail };
            }
            line["timestamp"] = at.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            lines.Add((at, line));
        }
        return lines.OrderBy(l => l.At).Select(l => l.Line.ToJsonString());
    }

    /// <summary>A slow call with every field the detail panel shows, just before <paramref name="now"/>.</summary>
    public static string SlowCall(DateTimeOffset now) => $$$"""
        {"message_type":"LOG","log_id":"demo-slow-1","node_id":"payment-2","service_name":"PaymentService","log_level":"WARN",
         "message":"Slow call to the card gateway","response_time_ms":1250,"threshold_limit_ms":500,
         "timestamp":"{{{now.AddSeconds(-2).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)}}}",
         "gateway":"adyen","order_id":48213,"customer":{"id":"c-77","tier":"gold"}}
        """;

    private static void Fill(JsonObject line, string level, string message)
    {
        line["log_level"] = level;
        line["message"] = message;
    }
}
