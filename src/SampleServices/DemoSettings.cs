namespace Sawmill.SampleServices;

/// <summary>How a sample service behaves (section <c>Demo</c>): peers, and how often calls are slow or fail.</summary>
public sealed class DemoSettings
{
    public const string SectionName = "Demo";

    /// <summary>order, payment, inventory or traffic.</summary>
    public string Service { get; set; } = "";

    public Uri? OrderUrl { get; set; }
    public Uri? PaymentUrl { get; set; }
    public Uri? InventoryUrl { get; set; }

    /// <summary>Orders per second the traffic generator places.</summary>
    public double OrdersPerSecond { get; set; } = 4;

    /// <summary>Share of calls that are slower than their threshold (WARN with response_time_ms).</summary>
    public double SlowRate { get; set; } = 0.12;

    /// <summary>Share of calls that fail (ERROR with error_details).</summary>
    public double ErrorRate { get; set; } = 0.06;

    /// <summary>The silo's process id: the service stops when it is gone.</summary>
    public int? ParentPid { get; set; }

    /// <summary>Share of payments that hit a fatal condition (FATAL).</summary>
    public double FatalRate { get; set; } = 0.004;
}
