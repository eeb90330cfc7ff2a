namespace Sawmill.Grains.Storage;

/// <summary>UTC unix microseconds, the unit of time of the log stores.</summary>
public static class UnixMicros
{
    public static long From(DateTimeOffset time) => (time.UtcTicks - DateTime.UnixEpoch.Ticks) / 10;

    public static DateTimeOffset ToTime(long micros) => new(DateTime.UnixEpoch.Ticks + micros * 10, TimeSpan.Zero);
}
