using Sawmill.Silo.Ingestion;

namespace Sawmill.Silo.Protocols.Syslog;

/// <summary>A syslog message as a Sawmill LOG item: hostname the node (else the sender's address), app-name the service
/// (else <c>syslog</c>), severity the level (emerg..crit FATAL, err ERROR, warning WARN, notice and info INFO, debug
/// DEBUG), facility, procid, msgid and structured data (<c>structured_data.{id}.{name}</c>) properties.</summary>
public static class SyslogItem
{
    private static readonly string[] Facilities =
        ["kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron", "authpriv", "ftp", "ntp", "audit", "alert", "clock",
         "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7"];

    public static string Level(int severity) => severity switch
    {
        <= 2 => "FATAL",
        3 => "ERROR",
        4 => "WARN",
        5 or 6 => "INFO",
        _ => "DEBUG",
    };

    public static void Submit(SyslogMessage message, string client, SawmillItemBuilder item, IngestionBatch batch, int index)
    {
        item.Log(message.Host ?? client, message.AppName ?? "syslog", Level(message.Severity), message.Message.TrimStart(' '),
            message.Timestamp?.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        item.Property("facility", Facilities[message.Facility]);
        if (message.ProcId is { } procId) item.Property("procid", procId);
        if (message.MsgId is { } msgId) item.Property("msgid", msgId);
        if (message.StructuredData.Count > 0)
        {
            item.Property("structured_data", writer =>
            {
                writer.WriteStartObject();
                foreach (var (id, parameters) in message.StructuredData.DistinctBy(e => e.Id))
                {
                    writer.WriteStartObject(id);
                    foreach (var (name, value) in parameters.DistinctBy(p => p.Name)) writer.WriteString(name, value);
                    writer.WriteEndObject();
                }
                writer.WriteEndObject();
            });
        }
        item.Submit(batch, index);
    }
}
