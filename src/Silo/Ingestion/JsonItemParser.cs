using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;

namespace Sawmill.Silo.Ingestion;

/// <summary>Incremental parser of a JSON body: an array of items or top-level items one after another.
/// Each call handles the complete items of the buffered data and says how far it consumed.</summary>
internal sealed class JsonItemParser
{
    private JsonReaderState _state = new(new JsonReaderOptions { MaxDepth = EventBodyReader.MaxDepth, AllowMultipleValues = true });
    private Phase _phase = Phase.Start;

    private enum Phase { Start, InArray, Values, AfterArray }

    public int Count { get; private set; }

    public SequencePosition Parse(ReadOnlySequence<byte> buffer, bool isFinalBlock, IItemSink sink)
    {
        var reader = new Utf8JsonReader(buffer, isFinalBlock, _state);
        var consumed = buffer.Start;
        try
        {
            while (true)
            {
                var beforeToken = reader;
                if (!reader.Read()) break;
                switch (_phase)
                {
                    case Phase.Start when reader.TokenType == JsonTokenType.StartArray:
                        _phase = Phase.InArray;
                        (consumed, _state) = (reader.Position, reader.CurrentState);
                        continue;
                    case Phase.Start:
                        _phase = Phase.Values;
                        break;
                    case Phase.InArray when reader.TokenType == JsonTokenType.EndArray:
                        _phase = Phase.AfterArray;
                        (consumed, _state) = (reader.Position, reader.CurrentState);
                        continue;
                    case Phase.AfterArray:
                        throw new MalformedBodyException(Count, "Unexpected content after the closing ']' of the array.");
                }

                var valueStart = reader;
                if (!reader.TrySkip()) break; // the item is not complete yet: wait for more bytes
                var raw = buffer.Slice(beforeToken.Position, reader.Position);
                if (!IsValidUtf8(raw))
                {
                    sink.Malformed(Count, "The item is not valid UTF-8.");
                }
                else
                {
                    using var document = JsonDocument.ParseValue(ref valueStart);
                    sink.Item(document.RootElement, Count);
                }
                Count++;
                (consumed, _state) = (reader.Position, reader.CurrentState);
            }
        }
        catch (JsonException ex)
        {
            throw new MalformedBodyException(Count, $"Malformed JSON at item {Count} (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}): {ex.Message}");
        }

        if (isFinalBlock)
        {
            if (_phase == Phase.Start) throw new MalformedBodyException(0, "The request body is empty: send an object, an array of objects, or NDJSON.");
            if (_phase == Phase.InArray) throw new MalformedBodyException(Count, "Malformed JSON: the array is not closed with ']'.");
        }
        return consumed;
    }

    private static bool IsValidUtf8(ReadOnlySequence<byte> raw)
        => raw.IsSingleSegment ? Utf8.IsValid(raw.FirstSpan) : Utf8.IsValid(raw.ToArray());
}
