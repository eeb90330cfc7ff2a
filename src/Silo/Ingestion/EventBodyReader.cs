using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Unicode;

namespace Sawmill.Silo.Ingestion;

/// <summary>Parses a request body item by item as it streams in: never the whole body as one string or document.</summary>
public static class EventBodyReader
{
    internal const int MaxDepth = 64;
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = MaxDepth };

    /// <summary>Feeds every item to the sink; throws <see cref="MalformedBodyException"/> when a JSON body breaks
    /// and <see cref="PayloadTooLargeException"/> past the limit. Returns the number of items seen.</summary>
    public static async Task<int> ReadAsync(Stream body, BodyFormat format, long maxBytes, IItemSink sink, CancellationToken cancellationToken)
    {
        var limited = new LimitedStream(body, maxBytes);
        var pipe = PipeReader.Create(limited, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024, leaveOpen: true));
        try
        {
            return format == BodyFormat.NdJson
                ? await ReadLinesAsync(pipe, sink, cancellationToken)
                : await ReadJsonAsync(pipe, sink, cancellationToken);
        }
        finally
        {
            await pipe.CompleteAsync();
        }
    }

    private static async Task<int> ReadLinesAsync(PipeReader pipe, IItemSink sink, CancellationToken cancellationToken)
    {
        var index = 0;
        while (true)
        {
            var result = await pipe.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            while (buffer.PositionOf((byte)'\n') is { } newline)
            {
                ReadLine(buffer.Slice(0, newline), sink, ref index);
                buffer = buffer.Slice(buffer.GetPosition(1, newline));
            }
            if (result.IsCompleted)
            {
                ReadLine(buffer, sink, ref index);
                return index;
            }
            pipe.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static void ReadLine(ReadOnlySequence<byte> line, IItemSink sink, ref int index)
    {
        var bytes = line.IsSingleSegment ? line.First : line.ToArray();
        var span = bytes.Span.Trim(" \t\r"u8);
        if (span.IsEmpty) return;
        var current = index++;
        if (!Utf8.IsValid(span))
        {
            sink.Malformed(current, "The item is not valid UTF-8.");
            return;
        }
        try
        {
            using var document = JsonDocument.Parse(bytes, DocumentOptions);
            sink.Item(document.RootElement, current);
        }
        catch (JsonException ex)
        {
            sink.Malformed(current, $"Malformed JSON: {ex.Message}");
        }
    }

    private static async Task<int> ReadJsonAsync(PipeReader pipe, IItemSink sink, CancellationToken cancellationToken)
    {
        var parser = new JsonItemParser();
        while (true)
        {
            var result = await pipe.ReadAsync(cancellationToken);
            var consumed = parser.Parse(result.Buffer, result.IsCompleted, sink);
            if (result.IsCompleted) return parser.Count;
            pipe.AdvanceTo(consumed, result.Buffer.End);
        }
    }
}
