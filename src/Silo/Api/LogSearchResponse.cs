using Sawmill.Grains.Interfaces;

namespace Sawmill.Silo.Api;

/// <summary>One page of entries, newest first; pass next_cursor as cursor for the next page (null: last page).</summary>
public sealed record LogSearchResponse(IReadOnlyList<SawmillMessage> Items, string? NextCursor);
