using Sawmill.Grains.Interfaces;

namespace Sawmill.Grains.Storage;

/// <summary>One page of search results, newest first, and GET /api/v1/logs's answer: pass next_cursor as cursor for the
/// next page (null: the last page).</summary>
public sealed record LogPage(IReadOnlyList<SawmillMessage> Items, string? NextCursor);
