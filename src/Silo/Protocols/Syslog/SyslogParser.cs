using System.Globalization;
using System.Text;

namespace Sawmill.Silo.Protocols.Syslog;

/// <summary>One syslog message, parsed.</summary>
public sealed record SyslogMessage(int Facility, int Severity, DateTimeOffset? Timestamp, string? Host, string? AppName, string? ProcId, string? MsgId,
    IReadOnlyList<(string Id, IReadOnlyList<(string Name, string Value)> Parameters)> StructuredData, string Message);

/// <summary>Parses RFC 5424 (<c>&lt;PRI&gt;1 TIMESTAMP HOST APP PROCID MSGID SD MSG</c>) and RFC 3164
/// (<c>&lt;PRI&gt;Mmm dd hh:mm:ss HOST TAG[PID]: MSG</c>) frames; null for a frame that is neither.</summary>
public static class SyslogParser
{
    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    public static SyslogMessage? Parse(string frame, DateTimeOffset now)
    {
        var text = frame.TrimEnd('\r', '\n', '\0');
        if (text.Length < 3 || text[0] != '<') return null;
        var close = text.IndexOf('>', 1);
        if (close is < 2 or > 4 || !int.TryParse(text.AsSpan(1, close - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var pri) || pri > 191) return null;
        var rest = text[(close + 1)..];
        return rest.StartsWith("1 ", StringComparison.Ordinal) ? Rfc5424(pri, rest[2..]) : Rfc3164(pri, rest, now);
    }

    private static SyslogMessage? Rfc5424(int pri, string rest)
    {
        var position = 0;
        var timestamp = Token(rest, ref position);
        var host = Token(rest, ref position);
        var app = Token(rest, ref position);
        var procId = Token(rest, ref position);
        var msgId = Token(rest, ref position);
        if (msgId is null) return null;
        DateTimeOffset? time = null;
        if (timestamp != "-")
        {
            if (!DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)) return null;
            time = parsed;
        }
        var data = new List<(string, IReadOnlyList<(string, string)>)>();
        if (position < rest.Length && rest[position] == '-') position++;
        else
        {
            while (position < rest.Length && rest[position] == '[')
            {
                if (ReadElement(rest, ref position) is not { } element) return null;
                data.Add(element);
            }
        }
        if (position < rest.Length && rest[position] == ' ') position++;
        var message = rest[position..];
        if (message.StartsWith('\uFEFF')) message = message[1..];
        return new SyslogMessage(pri / 8, pri % 8, time, Nil(host), Nil(app), Nil(procId), Nil(msgId), data, message);
    }

    // [id name="value" ...], with \" \\ \] escaped inside values.
    private static (string, IReadOnlyList<(string, string)>)? ReadElement(string text, ref int position)
    {
        position++;
        var idEnd = text.IndexOfAny([' ', ']'], position);
        if (idEnd < 0) return null;
        var id = text[position..idEnd];
        position = idEnd;
        var parameters = new List<(string, string)>();
        while (position < text.Length && text[position] == ' ')
        {
            position++;
            var equals = text.IndexOf('=', position);
            if (equals < 0 || equals + 1 >= text.Length || text[equals + 1] != '"') return null;
            var name = text[position..equals];
            position = equals + 2;
            var value = new StringBuilder();
            while (position < text.Length && text[position] != '"')
            {
                if (text[position] == '\\' && position + 1 < text.Length && text[position + 1] is '"' or '\\' or ']') position++;
                value.Append(text[position++]);
            }
            if (position >= text.Length) return null;
            position++;
            parameters.Add((name, value.ToString()));
        }
        if (position >= text.Length || text[position] != ']') return null;
        position++;
        return (id, parameters);
    }

    private static SyslogMessage? Rfc3164(int pri, string rest, DateTimeOffset now)
    {
        // "Mmm dd hh:mm:ss " (day padded with a space); no year and no zone: this year in UTC, or last year if that is in the future.
        if (rest.Length < 16) return null;
        var month = Array.IndexOf(Months, rest[..3]);
        if (month < 0) return null;
        if (!int.TryParse(rest.AsSpan(4, 2).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var day)
            || !TimeSpan.TryParseExact(rest.AsSpan(7, 8), @"hh\:mm\:ss", CultureInfo.InvariantCulture, out var clock) || rest[15] != ' ') return null;
        DateTimeOffset time;
        try
        {
            time = new DateTimeOffset(now.Year, month + 1, day, 0, 0, 0, TimeSpan.Zero) + clock;
            if (time > now.AddDays(1)) time = time.AddYears(-1);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
        var position = 16;
        var host = Token(rest, ref position);
        var body = position < rest.Length ? rest[position..] : "";
        // TAG[PID]: MSG; a body without a tag is all message.
        string? app = null, procId = null;
        var colon = body.IndexOf(": ", StringComparison.Ordinal);
        if (colon > 0 && colon <= 48 && !body.AsSpan(0, colon).Contains(' '))
        {
            var tag = body[..colon];
            var bracket = tag.IndexOf('[');
            (app, procId) = bracket > 0 && tag.EndsWith(']') ? (tag[..bracket], tag[(bracket + 1)..^1]) : (tag, null);
            body = body[(colon + 2)..];
        }
        return new SyslogMessage(pri / 8, pri % 8, time, host, app, procId, null, [], body);
    }

    private static string? Token(string text, ref int position)
    {
        if (position >= text.Length) return null;
        var end = text.IndexOf(' ', position);
        if (end < 0) end = text.Length;
        var token = text[position..end];
        position = Math.Min(end + 1, text.Length);
        return token.Length == 0 ? null : token;
    }

    private static string? Nil(string? value) => value is null or "-" ? null : value;
}
