using Sawmill.Grains.Interfaces;

namespace Sawmill.Dashboard.Components;

/// <summary>What a row shows of a stored message: a LOG entry, or a REGISTRATION kept as an entry.</summary>
public static class Entries
{
    public static string Id(SawmillMessage message) => message switch
    {
        LogEntry log => log.LogId,
        Registration registration => registration.LogId ?? "",
        _ => "",
    };

    public static DateTimeOffset? Timestamp(SawmillMessage message) => message switch
    {
        LogEntry log => log.Timestamp,
        Registration registration => registration.Timestamp,
        _ => null,
    };

    public static string Service(SawmillMessage message) => message switch
    {
        LogEntry log => log.ServiceName,
        Registration registration => registration.ServiceName,
        _ => "",
    };

    public static string Message(SawmillMessage message) => message switch
    {
        LogEntry log => log.Message,
        Registration registration => $"registered ({Format.Wire(registration.Status)})",
        _ => message.MessageType,
    };
}
