using Sawmill.Grains.Interfaces;

namespace Sawmill.Grains.Storage;

/// <summary>One page of search results, newest first; NextCursor is null on the last page.</summary>
public sealed record LogPage(IReadOnlyList<SawmillMessage> Items, string? NextCursor);
