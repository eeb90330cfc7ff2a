using System.Text.Json;

namespace Sawmill.Silo.Ingestion;

/// <summary>Receives the items of a body as they are parsed; the element is only valid during the call.</summary>
public interface IItemSink
{
    void Item(JsonElement item, int index);

    void Malformed(int index, string error);
}
