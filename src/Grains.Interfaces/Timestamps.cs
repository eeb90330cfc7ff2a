using System.Globalization;
using System.Text.RegularExpressions;

namespace Sawmill.Grains.Interfaces;

/// <summary>The timestamp syntax of the wire contract: ISO-8601 with a UTC offset, shared by ingestion and queries.</summary>
public static partial class Timestamps
{
    /// <summary>Parses an ISO-8601 time that carries an offset (Z or +02:00); a time without one is refused.</summary>
    public static bool TryParse(string text, out DateTimeOffset value)
    {
        value = default;
        return IsoWithOffset().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?([Zz]|[+-]\d{2}:?\d{2})$")]
    private static partial Regex IsoWithOffset();
}
