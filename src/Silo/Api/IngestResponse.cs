using Sawmill.Silo.Ingestion;

namespace Sawmill.Silo.Api;

/// <summary>The 202 answer: how many items were accepted (and are durable), and why the others were not.</summary>
public sealed record IngestResponse(int Accepted, IReadOnlyList<ItemError> Rejected);
