namespace Sawmill.Grains.Storage;

/// <summary>Splits a full-text query into words, "phrases", operators and parentheses, with 1-based positions.</summary>
internal static class FullTextLexer
{
    public static List<FullTextToken> Tokenize(string text)
    {
        var tokens = new List<FullTextToken>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '(' or ')')
            {
                tokens.Add(new FullTextToken(c == '(' ? FullTextTokenKind.LeftParen : FullTextTokenKind.RightParen, c.ToString(), i + 1));
                i++;
            }
            else if (c == '"')
            {
                var close = text.IndexOf('"', i + 1);
                if (close < 0)
                    throw new QuerySyntaxException("q", $"The quote at position {i + 1} is never closed.");
                var phrase = text[(i + 1)..close];
                if (string.IsNullOrWhiteSpace(phrase))
                    throw new QuerySyntaxException("q", $"The quoted phrase at position {i + 1} is empty.");
                var prefix = close + 1 < text.Length && text[close + 1] == '*';
                tokens.Add(new FullTextToken(FullTextTokenKind.Term, phrase, i + 1, prefix));
                i = close + (prefix ? 2 : 1);
            }
            else
            {
                var start = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not ('(' or ')' or '"'))
                    i++;
                tokens.Add(Word(text[start..i], start + 1));
            }
        }
        return tokens;
    }

    // Operators are upper case only, so "and", "or" and "not" stay searchable words.
    private static FullTextToken Word(string word, int position) => word switch
    {
        "AND" => new FullTextToken(FullTextTokenKind.And, word, position),
        "OR" => new FullTextToken(FullTextTokenKind.Or, word, position),
        "NOT" => new FullTextToken(FullTextTokenKind.Not, word, position),
        _ when word.EndsWith('*') => word.TrimEnd('*') is { Length: > 0 } stem
            ? new FullTextToken(FullTextTokenKind.Term, stem, position, Prefix: true)
            : throw new QuerySyntaxException("q", $"The '*' at position {position} must end a word, as in pay*."),
        _ => new FullTextToken(FullTextTokenKind.Term, word, position),
    };
}

/// <summary>One token of a full-text query.</summary>
internal sealed record FullTextToken(FullTextTokenKind Kind, string Text, int Position, bool Prefix = false);

/// <summary>What a full-text token is.</summary>
internal enum FullTextTokenKind
{
    Term,
    And,
    Or,
    Not,
    LeftParen,
    RightParen,
}
