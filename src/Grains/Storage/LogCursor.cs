using System.Buffers.Binary;
using System.Buffers.Text;

namespace Sawmill.Grains.Storage;

/// <summary>The keyset position (ts, id) of the last row of a page, as an opaque base64url string; each store says what
/// its two numbers mean.</summary>
public readonly record struct LogCursor(long Ts, long Id)
{
    private const int Size = 16;

    public string Encode()
    {
        Span<byte> bytes = stackalloc byte[Size];
        BinaryPrimitives.WriteInt64BigEndian(bytes, Ts);
        BinaryPrimitives.WriteInt64BigEndian(bytes[8..], Id);
        return Base64Url.EncodeToString(bytes);
    }

    /// <exception cref="QuerySyntaxException">The text is not a cursor this store issued.</exception>
    public static LogCursor Decode(string text)
    {
        Span<byte> bytes = stackalloc byte[Size + 3];
        if (text.Length > 32 || !Base64Url.IsValid(text, out var length) || length != Size
            || !Base64Url.TryDecodeFromChars(text, bytes, out var written) || written != Size)
            throw new QuerySyntaxException("cursor", "The cursor is not valid; pass the next_cursor of the previous page unchanged.");
        return new LogCursor(BinaryPrimitives.ReadInt64BigEndian(bytes), BinaryPrimitives.ReadInt64BigEndian(bytes[8..]));
    }
}
