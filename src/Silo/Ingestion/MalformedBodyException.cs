namespace Sawmill.Silo.Ingestion;

/// <summary>The body is not JSON at all past some point: nothing of it is accepted.</summary>
public sealed class MalformedBodyException(int index, string message) : Exception(message)
{
    /// <summary>The index of the item being read when the body broke.</summary>
    public int Index { get; } = index;
}
