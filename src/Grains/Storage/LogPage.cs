using Sawmill.Grains.Interfaces;

namespace Sawmill.Grains.Storage;

/// <summary>One page of search results, newest first, and GET /api/v1/logs's answer: pass next_cursor as cursor for the
/// next page (null: the last page). The first page also says how many entries match: <see cref="Total"/>, exactly when
/// <see cref="TotalIsExact"/>, else at least that many (counting them all would cost more than the page).</summary>
public sealed record LogPage(IReadOnlyList<SawmillMessage> Items, string? NextCursor, long? Total = null, bool TotalIsExact = true);
