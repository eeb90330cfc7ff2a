using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Sawmill.Grains.Interfaces;

namespace Sawmill.Storage.Sqlite.Logs;

/// <summary>The compact encodings of a partition row: the log_id, the clock column, and <c>extra</c>, the JSON object of
/// the fields without a column (the extra properties, error_details' own extras, a registration's status). The string
/// properties whose values repeat (see <see cref="RepeatedValues"/>) go to <c>shared</c> instead: a JSON object stored
/// once per partition in <c>names</c>, the row keeping its number.</summary>
internal static class EntryCodec
{
    private const string ErrorDetailsKey = "error_details";
    private const string StatusKey = "status";

    // Stored text, never HTML: only what JSON itself requires is escaped, so "Zürich" stays 7 bytes.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A 32-digit lower-case hex id (a GUID as "N") as its 16 bytes; any other id as its text.</summary>
    public static object EncodeLogId(string logId)
    {
        if (logId.Length != 32) return logId;
        foreach (var c in logId)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c)) return logId;
        }
        return Convert.FromHexString(logId);
    }

    public static string DecodeLogId(object value) => value is byte[] bytes ? Convert.ToHexStringLower(bytes) : (string)value;

    /// <summary>The sender's UTC offset (minutes) x 10 + the 100 ns ticks below the microsecond; null when both are 0.</summary>
    public static long? Clock(DateTimeOffset time)
    {
        var value = (long)time.Offset.TotalMinutes * 10 + time.UtcTicks % 10;
        return value == 0 ? null : value;
    }

    public static DateTimeOffset Time(long micros, long clock)
    {
        var ticks = (clock % 10 + 10) % 10;
        var offset = TimeSpan.FromMinutes((clock - ticks) / 10);
        return new DateTimeOffset(DateTime.UnixEpoch.Ticks + micros * 10 + ticks, TimeSpan.Zero).ToOffset(offset);
    }

    /// <summary>The row's own JSON fields and the JSON object of its shared values; either may be null.</summary>
    public static (string? Extra, string? Shared) Extra(LogEntry log, RepeatedValues repeated, JsonScratch json)
    {
        var error = log.ErrorDetails;
        // An error_details without code or message is kept as an (empty) object, so it reads back as present.
        var errorExtra = error is not null && (error.Properties is { Count: > 0 } || error is { ErrorCode: null, ErrorMessage: null });
        if (log.Properties is not { Count: > 0 } && !errorExtra) return (null, null);
        return Split(log.Properties, repeated, json, errorExtra, writer =>
        {
            writer.WritePropertyName(ErrorDetailsKey);
            WriteObject(writer, error!.Properties, null);
        });
    }

    public static (string? Extra, string? Shared) Extra(Registration registration, RepeatedValues repeated, JsonScratch json)
    {
        var status = registration.Status != NodeStatus.Up;
        if (registration.Properties is not { Count: > 0 } && !status) return (null, null);
        return Split(registration.Properties, repeated, json, status, writer => writer.WriteNumber(StatusKey, (int)registration.Status));
    }

    /// <summary>The buffer and writer the JSON objects of a batch's rows are written with, one row after another
    /// (made per batch, like its StringBuilder for the full text, instead of a writer per object).</summary>
    internal sealed class JsonScratch
    {
        private readonly ArrayBufferWriter<byte> _buffer = new(256);
        private readonly Utf8JsonWriter _writer;

        public JsonScratch() => _writer = new Utf8JsonWriter(_buffer, WriterOptions);

        /// <summary>The writer, emptied, for the next object.</summary>
        public Utf8JsonWriter Begin()
        {
            _buffer.ResetWrittenCount();
            _writer.Reset(_buffer);
            return _writer;
        }

        /// <summary>The text of what was written since <see cref="Begin"/>.</summary>
        public string End()
        {
            _writer.Flush();
            return Encoding.UTF8.GetString(_buffer.WrittenSpan);
        }
    }

    // The properties whose string values repeat go to the shared object, the others (and what `more` writes, when
    // `hasMore`) to the row's own.
    private static (string? Extra, string? Shared) Split(Dictionary<string, JsonElement>? properties, RepeatedValues repeated, JsonScratch json, bool hasMore, Action<Utf8JsonWriter> more)
    {
        var shared = 0UL; // bit i: the i-th property is shared (only the first 64 can be)
        var own = hasMore;
        var i = 0;
        foreach (var (name, value) in properties ?? [])
        {
            if (i < 64 && value.ValueKind == JsonValueKind.String && repeated.Repeats(name, value.GetString()!)) shared |= 1UL << i;
            else own = true;
            i++;
        }
        string? Write(bool wantShared, Action<Utf8JsonWriter>? tail)
        {
            var writer = json.Begin();
            writer.WriteStartObject();
            var j = 0;
            foreach (var (name, value) in properties ?? [])
            {
                if ((j < 64 && (shared & (1UL << j)) != 0) == wantShared)
                {
                    writer.WritePropertyName(name);
                    value.WriteTo(writer);
                }
                j++;
            }
            tail?.Invoke(writer);
            writer.WriteEndObject();
            return json.End();
        }
        return (own ? Write(false, hasMore ? more : null) : null, shared != 0 ? Write(true, null) : null);
    }

    /// <summary>The entry of a row selected with <see cref="PartitionSchema.Columns"/> from a partition starting at
    /// <paramref name="partitionStart"/> (unix microseconds).</summary>
    public static SawmillMessage Read(SqliteDataReader row, long partitionStart)
    {
        var id = row.GetInt64(0);
        var time = Time(partitionStart + PartitionLayout.OffsetOf(id), row.IsDBNull(11) ? 0 : row.GetInt64(11));
        var nodeId = row.GetString(2);
        var serviceName = row.GetString(3);
        var logId = DecodeLogId(row.GetValue(4));
        Dictionary<string, JsonElement>? properties = null, errorProperties = null;
        var errorPresent = false;
        var status = NodeStatus.Up;
        foreach (var column in (ReadOnlySpan<int>)[12, 10])
        {
            if (row.IsDBNull(column)) continue;
            using var extra = JsonDocument.Parse(row.GetString(column));
            foreach (var property in extra.RootElement.EnumerateObject())
            {
                // Only the row's own object holds these; the shared one has string properties only.
                if (column == 10 && row.GetInt32(1) == LogRow.LogType && property.NameEquals(ErrorDetailsKey))
                {
                    errorPresent = true;
                    errorProperties = property.Value.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
                    if (errorProperties.Count == 0) errorProperties = null;
                }
                else if (column == 10 && row.GetInt32(1) == LogRow.RegistrationType && property.NameEquals(StatusKey))
                {
                    status = (NodeStatus)property.Value.GetInt32();
                }
                else
                {
                    (properties ??= [])[property.Name] = property.Value.Clone();
                }
            }
        }
        if (row.GetInt32(1) == LogRow.RegistrationType)
            return new Registration { NodeId = nodeId, ServiceName = serviceName, LogId = logId, Timestamp = time, Status = status, Properties = properties };

        var errorCode = row.IsDBNull(8) ? null : row.GetString(8);
        var errorMessage = row.IsDBNull(9) ? null : row.GetString(9);
        return new LogEntry
        {
            NodeId = nodeId,
            ServiceName = serviceName,
            LogId = logId,
            LogLevel = PartitionLayout.LevelOf(id),
            Message = row.GetString(5),
            Timestamp = time,
            ResponseTimeMs = row.IsDBNull(6) ? null : row.GetDouble(6),
            ThresholdLimitMs = row.IsDBNull(7) ? null : row.GetDouble(7),
            ErrorDetails = errorPresent || errorCode is not null || errorMessage is not null
                ? new ErrorDetails { ErrorCode = errorCode, ErrorMessage = errorMessage, Properties = errorProperties }
                : null,
            Properties = properties,
        };
    }

    private static void WriteObject(Utf8JsonWriter writer, Dictionary<string, JsonElement>? properties, Action<Utf8JsonWriter>? more)
    {
        writer.WriteStartObject();
        foreach (var (name, value) in properties ?? [])
        {
            writer.WritePropertyName(name);
            value.WriteTo(writer);
        }
        more?.Invoke(writer);
        writer.WriteEndObject();
    }
}
