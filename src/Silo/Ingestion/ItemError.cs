namespace Sawmill.Silo.Ingestion;

/// <summary>Why one item of a request was rejected: its index in the request, the field at fault (null: the item as a whole).</summary>
public sealed record ItemError(int Index, string? Field, string Error);
