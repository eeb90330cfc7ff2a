namespace Sawmill.Silo.Demo;

/// <summary>The built-in demo (section <c>Demo</c>): sample services and live traffic, started with the silo unless <c>--no-demo</c>.</summary>
public sealed class DemoOptions
{
    public const string SectionName = "Demo";

    public bool Enabled { get; set; } = true;

    /// <summary>OrderService listens here, PaymentService on the next port, InventoryService on the one after; 0 picks free ports.</summary>
    public int BasePort { get; set; } = 5101;

    /// <summary>A sample service that exits (or is killed) is started again after this long, so its node recovers.</summary>
    public TimeSpan RestartDelay { get; set; } = TimeSpan.FromSeconds(20);

    public double OrdersPerSecond { get; set; } = 4;

    /// <summary>Share of payments that end in a FATAL entry.</summary>
    public double FatalRate { get; set; } = 0.004;

    /// <summary>The sample services' binary; by default Sawmill.SampleServices.dll next to the silo.</summary>
    public string? ServicesAssembly { get; set; }
}
