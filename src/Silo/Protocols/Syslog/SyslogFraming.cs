using System.Text;

namespace Sawmill.Silo.Protocols.Syslog;

/// <summary>Splits a TCP syslog stream into frames (RFC 6587): octet counting (<c>LEN SP MSG</c>) when a frame starts
/// with a digit, else one frame per line. Bounded: a frame longer than the buffer is skipped and counted.</summary>
public sealed class SyslogFraming(int maxFrameBytes)
{
    private readonly byte[] _buffer = new byte[maxFrameBytes + 16];
    private int _filled;
    private long _skip;          // octets of an oversized counted frame still to skip
    private bool _skipLine;      // inside an oversized line: skip to its end

    /// <summary>Frames dropped for being too long.</summary>
    public long Oversized { get; private set; }

    /// <summary>Where the next read goes.</summary>
    public Memory<byte> Free => _buffer.AsMemory(_filled);

    /// <summary>Takes <paramref name="count"/> bytes just read into <see cref="Free"/> and returns the frames completed.</summary>
    public List<string> Add(int count)
    {
        _filled += count;
        var frames = new List<string>();
        var start = 0;
        while (start < _filled)
        {
            if (_skip > 0)
            {
                var skipped = (int)Math.Min(_skip, _filled - start);
                _skip -= skipped;
                start += skipped;
                continue;
            }
            var span = _buffer.AsSpan(start, _filled - start);
            if (_skipLine)
            {
                var end = span.IndexOf((byte)'\n');
                if (end < 0) { start = _filled; break; }
                _skipLine = false;
                start += end + 1;
                continue;
            }
            if (span[0] is (byte)'\n' or (byte)'\r' or 0) { start++; continue; }
            if (char.IsAsciiDigit((char)span[0]))
            {
                var space = span[..Math.Min(span.Length, 11)].IndexOf((byte)' ');
                if (space < 0 && span.Length < 11) break; // the length is still arriving
                if (space > 0 && long.TryParse(Encoding.ASCII.GetString(span[..space]), out var length))
                {
                    if (length > maxFrameBytes)
                    {
                        Oversized++;
                        start += space + 1;
                        _skip = length;
                        continue;
                    }
                    if (span.Length < space + 1 + length) break;
                    frames.Add(Encoding.UTF8.GetString(span.Slice(space + 1, (int)length)));
                    start += space + 1 + (int)length;
                    continue;
                }
                // Digits not followed by a length: a line after all.
            }
            var newline = span.IndexOf((byte)'\n');
            if (newline < 0)
            {
                if (start == 0 && _filled == _buffer.Length)
                {
                    Oversized++;
                    _skipLine = true;
                    start = _filled;
                }
                break;
            }
            frames.Add(Encoding.UTF8.GetString(span[..newline]));
            start += newline + 1;
        }
        // Keep the incomplete rest at the front.
        _buffer.AsSpan(start, _filled - start).CopyTo(_buffer);
        _filled -= start;
        return frames;
    }

    /// <summary>What is left when the connection closes: a last line without its newline.</summary>
    public string? Rest() => _filled > 0 && _skip == 0 && !_skipLine ? Encoding.UTF8.GetString(_buffer, 0, _filled) : null;
}
