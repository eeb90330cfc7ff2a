namespace Sawmill.Silo.Tests.Support;

/// <summary>The messages of SPEC.md, one per kind, with every field the contract names.</summary>
public static class Examples
{
    public const string Registration = """
        {"message_type":"REGISTRATION","node_id":"payment-7f9c","service_name":"PaymentService","status":"UP",
         "timestamp":"2026-11-21T12:00:00+02:00","host":"10.0.0.7","version":"2.4.1","region":"eu-west-1","tags":["blue","canary"]}
        """;

    public const string Info = """
        {"message_type":"LOG","log_id":"info-0001","node_id":"payment-7f9c","log_level":"INFO","message":"Payment processed for order 1234",
         "service_name":"PaymentService","timestamp":"2026-11-21T12:00:01.250+02:00","order_id":1234,"currency":"EUR","amount":19.99}
        """;

    public const string Warn = """
        {"message_type":"LOG","log_id":"warn-0001","node_id":"payment-7f9c","log_level":"WARN","message":"Slow call to the card gateway",
         "service_name":"PaymentService","timestamp":"2026-11-21T10:00:02Z","response_time_ms":850,"threshold_limit_ms":500}
        """;

    public const string Error = """
        {"message_type":"LOG","log_id":"error-0001","node_id":"payment-7f9c","log_level":"ERROR","message":"Card declined",
         "service_name":"PaymentService","timestamp":"2026-11-21T10:00:03Z",
         "error_details":{"error_code":"E42","error_message":"Insufficient funds","retryable":false},
         "customer":{"id":"c-77","tier":"gold"}}
        """;

    public const string Fatal = """
        {"message_type":"LOG","log_id":"fatal-0001","node_id":"payment-7f9c","log_level":"FATAL","message":"Database connection pool exhausted",
         "service_name":"PaymentService","timestamp":"2026-11-21T10:00:04Z",
         "error_details":{"error_code":"DB_POOL","error_message":"timeout after 30 s"}}
        """;

    public const string Heartbeat = """
        {"message_type":"HEARTBEAT","node_id":"payment-7f9c","status":"UP","timestamp":"2026-11-21T10:00:05Z"}
        """;

    public static readonly string[] Logs = [Info, Warn, Error, Fatal];

    /// <summary>An array body of the given items.</summary>
    public static string Array(params string[] items) => "[" + string.Join(",", items) + "]";

    /// <summary>A LOG line with a given id, for bulk and bad-input tests.</summary>
    public static string Log(string logId, string level = "INFO", string node = "node-1", string message = "hello world", string time = "2026-11-21T10:00:00Z")
        => $$"""{"message_type":"LOG","log_id":"{{logId}}","node_id":"{{node}}","log_level":"{{level}}","message":"{{message}}","service_name":"OrderService","timestamp":"{{time}}"}""";
}
