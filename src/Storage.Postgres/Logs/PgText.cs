using System.Globalization;
using System.Text;
using Sawmill.Grains.Storage;

namespace Sawmill.Storage.Postgres.Logs;

/// <summary>Full text on PostgreSQL: the tsvector of an entry and the tsquery of a parsed query, both built here from
/// one tokenizer, so the two always agree. Tokens are runs of letters and digits, lower-cased, Latin diacritics folded
/// (as SQLite's unicode61 does): "Zürich" is zurich, "web-1" is web and 1, "PaymentService" one token.</summary>
internal static class PgText
{
    // tsvector's own limits: positions up to 16383, lexemes under 2 KiB, the whole value under 1 MiB.
    private const int MaxPositions = 16_383;
    private const int MaxTokenLength = 256;
    private const int MaxVectorChars = 512 * 1024;

    // A lexeme the tokenizer never makes: a term without letters or digits matches nothing.
    private const string NoMatch = "'-'";

    /// <summary>The tsvector literal ('tok':1 'other':2 ...) of a text, for a <c>::tsvector</c> cast.</summary>
    public static string Vector(string text)
    {
        var vector = new StringBuilder();
        var position = 0;
        foreach (var token in Tokens(text))
        {
            if (++position > MaxPositions || vector.Length + token.Length > MaxVectorChars) break;
            if (vector.Length > 0) vector.Append(' ');
            Quote(vector, token).Append(':').Append(position.ToString(CultureInfo.InvariantCulture));
        }
        return vector.ToString();
    }

    /// <summary>The tsquery text of a parsed query, for a <c>::tsquery</c> cast: AND is &amp;, OR |, NOT !, a phrase
    /// its tokens joined by &lt;-&gt;, a prefix :*.</summary>
    public static string Query(FullTextNode node) => node switch
    {
        FullTextNode.Term term => Term(term),
        FullTextNode.Not not => "!(" + Query(not.Operand) + ")",
        FullTextNode.And and => "(" + string.Join(" & ", and.Operands.Select(Query)) + ")",
        FullTextNode.Or or => "(" + string.Join(" | ", or.Operands.Select(Query)) + ")",
        _ => throw new InvalidOperationException($"Unknown query node {node.GetType().Name}"),
    };

    private static string Term(FullTextNode.Term term)
    {
        var tokens = Tokens(term.Text).ToList();
        if (tokens.Count == 0) return NoMatch;
        var query = new StringBuilder("(");
        for (var i = 0; i < tokens.Count; i++)
        {
            if (i > 0) query.Append(" <-> ");
            Quote(query, tokens[i]);
            if (term.Prefix && i == tokens.Count - 1) query.Append(":*");
        }
        return query.Append(')').ToString();
    }

    /// <summary>The tokens of a text, in order.</summary>
    public static IEnumerable<string> Tokens(string text)
    {
        var token = new StringBuilder();
        foreach (var c in text)
        {
            var category = char.GetUnicodeCategory(c);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.SpacingCombiningMark) continue;
            if (char.IsLetterOrDigit(c) || char.IsSurrogate(c) || category == UnicodeCategory.PrivateUse)
            {
                token.Append(Fold(c));
                continue;
            }
            if (token.Length > 0 && token.Length <= MaxTokenLength) yield return token.ToString();
            token.Clear();
        }
        if (token.Length > 0 && token.Length <= MaxTokenLength) yield return token.ToString();
    }

    // The letters of Latin-1 and Latin Extended-A (U+00C0-U+017F) that are a Latin letter plus marks, as that letter;
    // '.' keeps the letter. The invariant globalization mode has no Unicode normalization to derive this from.
    private const string Folded = "aaaaaa.ceeeeiiii.nooooo..uuuuy..aaaaaa.ceeeeiiii.nooooo..uuuuy.yaaaaaaccccccccdd..eeeeeeeeeegggggggghh..iiiiiiiii...jjkk.llllll....nnnnnn...oooooo..rrrrrrsssssssstttt..uuuuuuuuuuuuwwyyyzzzzzz.";

    private static char Fold(char c) =>
        c is >= '\u00C0' and <= '\u017F' && Folded[c - '\u00C0'] is var folded && folded != '.' ? folded : char.ToLowerInvariant(c);

    // A quoted lexeme: inside single quotes a quote is doubled and a backslash escaped.
    private static StringBuilder Quote(StringBuilder builder, string token) =>
        builder.Append('\'').Append(token.Replace("\\", "\\\\").Replace("'", "''")).Append('\'');
}
