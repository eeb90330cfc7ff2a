namespace Sawmill.Grains.Storage;

/// <summary>Parses the full-text query syntax both log stores share: words, "phrases", prefix*, AND / OR / NOT (upper
/// case) and parentheses; adjacent terms are ANDed.</summary>
public static class FullTextParser
{
    /// <exception cref="QuerySyntaxException">The query is empty or malformed; the message says what and where.</exception>
    public static FullTextNode Parse(string text)
    {
        // NUL and other control characters would end an index's string literals early: refused, never passed on.
        if (text.Any(char.IsControl))
            throw new QuerySyntaxException("q", "The search query must not contain control characters (such as NUL).");
        var tokens = FullTextLexer.Tokenize(text);
        if (tokens.Count == 0)
            throw new QuerySyntaxException("q", "The search query is empty.");
        var parser = new Parser(tokens);
        var root = parser.ParseOr();
        if (!parser.AtEnd)
            throw parser.Unexpected();
        return root;
    }

    // or := and (OR and)* ; and := unary ([AND] unary)* ; unary := NOT unary | term | ( or )
    private sealed class Parser(IReadOnlyList<FullTextToken> tokens)
    {
        private int _index;

        public bool AtEnd => _index == tokens.Count;

        private FullTextToken? Peek => AtEnd ? null : tokens[_index];

        public FullTextNode ParseOr()
        {
            var operands = new List<FullTextNode> { ParseAnd() };
            while (Peek is { Kind: FullTextTokenKind.Or } or)
            {
                _index++;
                operands.Add(ParseAnd(after: or));
            }
            return operands.Count == 1 ? operands[0] : new FullTextNode.Or(operands);
        }

        private FullTextNode ParseAnd(FullTextToken? after = null)
        {
            var operands = new List<FullTextNode> { ParseUnary(after) };
            while (Peek is { } next && next.Kind is not (FullTextTokenKind.Or or FullTextTokenKind.RightParen))
            {
                if (next.Kind == FullTextTokenKind.And)
                {
                    _index++;
                    operands.Add(ParseUnary(after: next));
                }
                else
                {
                    operands.Add(ParseUnary());
                }
            }
            return operands.Count == 1 ? operands[0] : new FullTextNode.And(operands);
        }

        private FullTextNode ParseUnary(FullTextToken? after = null)
        {
            var token = Peek;
            if (token is null)
            {
                throw after is null
                    ? new QuerySyntaxException("q", "The search query ends where a search term was expected.")
                    : new QuerySyntaxException("q", $"'{after.Text}' at position {after.Position} has no search term after it.");
            }
            switch (token.Kind)
            {
                case FullTextTokenKind.Not:
                    _index++;
                    return new FullTextNode.Not(ParseUnary(after: token));
                case FullTextTokenKind.Term:
                    _index++;
                    return new FullTextNode.Term(token.Text, token.Prefix);
                case FullTextTokenKind.LeftParen:
                    _index++;
                    if (Peek is { Kind: FullTextTokenKind.RightParen })
                        throw new QuerySyntaxException("q", $"Empty parentheses at position {token.Position}.");
                    var inner = ParseOr();
                    if (Peek is not { Kind: FullTextTokenKind.RightParen })
                        throw AtEnd
                            ? new QuerySyntaxException("q", $"The '(' at position {token.Position} is never closed.")
                            : Unexpected();
                    _index++;
                    return inner;
                default:
                    throw after is null
                        ? Unexpected()
                        : new QuerySyntaxException("q", $"'{after.Text}' at position {after.Position} is followed by '{token.Text}' instead of a search term.");
            }
        }

        public QuerySyntaxException Unexpected()
        {
            var token = tokens[_index];
            return token.Kind switch
            {
                FullTextTokenKind.RightParen => new QuerySyntaxException("q", $"The ')' at position {token.Position} has no matching '('."),
                FullTextTokenKind.And or FullTextTokenKind.Or =>
                    new QuerySyntaxException("q", $"'{token.Text}' at position {token.Position} has no search term before it."),
                _ => new QuerySyntaxException("q", $"Unexpected '{token.Text}' at position {token.Position}."),
            };
        }
    }
}
