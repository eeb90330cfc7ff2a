using System.Text;
using Sawmill.Grains.Storage;

namespace Sawmill.Storage.Sqlite.Logs;

/// <summary>A user's full-text query compiled to a safe FTS5 MATCH expression.</summary>
/// <remarks>When <see cref="Negated"/> is true the query means "rows NOT matching <see cref="Match"/>":
/// FTS5 has only a binary NOT, so a query that is negative as a whole is run as an anti-join.</remarks>
internal sealed record FullTextQuery(string Match, bool Negated)
{
    /// <summary>Parses words, "phrases", prefix*, AND / OR / NOT (upper case) and parentheses; adjacent terms are ANDed.</summary>
    /// <exception cref="QuerySyntaxException">The query is empty or malformed; the message says what and where.</exception>
    public static FullTextQuery Parse(string text)
    {
        // NUL and other control characters end FTS5's string literals early: refused, never passed on.
        if (text.Any(char.IsControl))
            throw new QuerySyntaxException("q", "The search query must not contain control characters (such as NUL).");
        var tokens = FullTextLexer.Tokenize(text);
        if (tokens.Count == 0)
            throw new QuerySyntaxException("q", "The search query is empty.");
        var parser = new Parser(tokens);
        var root = parser.ParseOr();
        if (!parser.AtEnd)
            throw parser.Unexpected();
        var compiled = Compile(root);
        return new FullTextQuery(compiled.Expression, compiled.Negated);
    }

    // Every node compiles to a positive FTS5 expression, flagged when the node means its negation.
    // De Morgan keeps that closed under AND, OR and NOT, so any boolean query needs at most one anti-join.
    private static Compiled Compile(Node node)
    {
        switch (node)
        {
            case TermNode term:
                return new Compiled(Quote(term.Text) + (term.Prefix ? "*" : ""), false);
            case NotNode not:
                var inner = Compile(not.Operand);
                return inner with { Negated = !inner.Negated };
            case AndNode and:
            {
                var (positives, negatives) = Split(and.Operands);
                if (positives.Count == 0)
                    return new Compiled(Join(negatives, " OR "), true); // NOT a AND NOT b = NOT (a OR b)
                var expression = Join(positives, " AND ");
                return new Compiled(negatives.Count == 0 ? expression : $"({expression} NOT {Join(negatives, " OR ")})", false);
            }
            case OrNode or:
            {
                var (positives, negatives) = Split(or.Operands);
                if (negatives.Count == 0)
                    return new Compiled(Join(positives, " OR "), false);
                // a OR NOT b OR NOT c = NOT ((b AND c) NOT a)
                var expression = Join(negatives, " AND ");
                return new Compiled(positives.Count == 0 ? expression : $"({expression} NOT {Join(positives, " OR ")})", true);
            }
            default:
                throw new InvalidOperationException($"Unknown query node {node.GetType().Name}");
        }
    }

    private static (List<string> Positives, List<string> Negatives) Split(IReadOnlyList<Node> operands)
    {
        List<string> positives = [], negatives = [];
        foreach (var operand in operands)
        {
            var compiled = Compile(operand);
            (compiled.Negated ? negatives : positives).Add(compiled.Expression);
        }
        return (positives, negatives);
    }

    // Parts are quoted strings or parenthesized, so joining never mixes operator precedence.
    private static string Join(List<string> parts, string separator) =>
        parts.Count == 1 ? parts[0] : "(" + string.Join(separator, parts) + ")";

    // An FTS5 string: inside double quotes nothing is syntax, and a quote is escaped by doubling it.
    private static string Quote(string text) => new StringBuilder(text.Length + 2)
        .Append('"').Append(text.Replace("\"", "\"\"")).Append('"').ToString();

    private readonly record struct Compiled(string Expression, bool Negated);

    private abstract record Node;
    private sealed record TermNode(string Text, bool Prefix) : Node;
    private sealed record NotNode(Node Operand) : Node;
    private sealed record AndNode(IReadOnlyList<Node> Operands) : Node;
    private sealed record OrNode(IReadOnlyList<Node> Operands) : Node;

    // or := and (OR and)* ; and := unary ([AND] unary)* ; unary := NOT unary | term | ( or )
    private sealed class Parser(IReadOnlyList<FullTextToken> tokens)
    {
        private int _index;

        public bool AtEnd => _index == tokens.Count;

        private FullTextToken? Peek => AtEnd ? null : tokens[_index];

        public Node ParseOr()
        {
            var operands = new List<Node> { ParseAnd() };
            while (Peek is { Kind: FullTextTokenKind.Or } or)
            {
                _index++;
                operands.Add(ParseAnd(after: or));
            }
            return operands.Count == 1 ? operands[0] : new OrNode(operands);
        }

        private Node ParseAnd(FullTextToken? after = null)
        {
            var operands = new List<Node> { ParseUnary(after) };
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
            return operands.Count == 1 ? operands[0] : new AndNode(operands);
        }

        private Node ParseUnary(FullTextToken? after = null)
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
                    return new NotNode(ParseUnary(after: token));
                case FullTextTokenKind.Term:
                    _index++;
                    return new TermNode(token.Text, token.Prefix);
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
