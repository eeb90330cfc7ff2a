namespace Sawmill.Storage.Sqlite.Logs;

/// <summary>Remembers which (property, string value) pairs the store has seen lately, so that values which repeat
/// (message templates, logger categories, resource attributes) are stored once per partition instead of in every row.
/// A fixed table of hashes, shared by the callers' threads without locks: a lost update or a collision only changes
/// where a value is stored, never what is read back.</summary>
internal sealed class RepeatedValues
{
    /// <summary>Longer values are always stored in their row.</summary>
    public const int MaxValueLength = 512;

    private readonly long[] _seen;

    public RepeatedValues(int capacity = 1 << 16)
    {
        if (capacity <= 0 || (capacity & (capacity - 1)) != 0) throw new ArgumentOutOfRangeException(nameof(capacity), "a power of two");
        _seen = new long[capacity];
    }

    /// <summary>Whether the pair was seen before (then it is shared); remembers it either way.</summary>
    public bool Repeats(string name, string value)
    {
        if (value.Length > MaxValueLength) return false;
        var hash = ((long)name.GetHashCode(StringComparison.Ordinal) << 32) ^ (uint)value.GetHashCode(StringComparison.Ordinal);
        hash |= 1; // never 0, the empty slot
        ref var slot = ref _seen[(int)((ulong)hash >> 16) & (_seen.Length - 1)];
        if (Volatile.Read(ref slot) == hash) return true;
        Volatile.Write(ref slot, hash);
        return false;
    }
}
