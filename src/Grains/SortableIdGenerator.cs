using System.Security.Cryptography;

namespace Sawmill.Grains;

/// <summary>Sortable unique ids for log entries and alerts (ULID layout: 48-bit milliseconds + 80 random bits, Crockford base32),
/// monotonic within a millisecond so ids sort in the order they were assigned.</summary>
public sealed class SortableIdGenerator(TimeProvider timeProvider)
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private readonly Lock _lock = new();
    private long _lastMilliseconds = -1;
    private UInt128 _lastRandom;

    public string Next()
    {
        var milliseconds = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        UInt128 random;
        lock (_lock)
        {
            if (milliseconds <= _lastMilliseconds)
            {
                milliseconds = _lastMilliseconds;
                random = ++_lastRandom & ((UInt128.One << 80) - 1);
            }
            else
            {
                Span<byte> bytes = stackalloc byte[16];
                RandomNumberGenerator.Fill(bytes);
                // The top bit is left clear so increments within one millisecond never overflow 80 bits in practice.
                random = new UInt128(BitConverter.ToUInt64(bytes[..8]) & 0x7FFF, BitConverter.ToUInt64(bytes[8..]));
                _lastMilliseconds = milliseconds;
            }
            _lastRandom = random;
        }

        Span<char> id = stackalloc char[26];
        var value = ((UInt128)(ulong)milliseconds << 80) | random;
        for (var i = 25; i >= 0; i--)
        {
            id[i] = Alphabet[(int)(value & 31)];
            value >>= 5;
        }
        return new string(id);
    }
}
