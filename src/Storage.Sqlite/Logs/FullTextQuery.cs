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
        var compiled = Compile(FullTextParser.Parse(text));
        return new FullTextQuery(compiled.Expression, compiled.Negated);
    }

    // Every node compiles to a positive FTS5 expression, flagged when the node means its negation.
    // De Morgan keeps that closed under AND, OR and NOT, so any boolean query needs at most one anti-join.
    private static Compiled Compile(FullTextNode node)
    {
        switch (node)
        {
            case FullTextNode.Term term:
                return new Compiled(Quote(term.Text) + (term.Prefix ? "*" : ""), false);
            case FullTextNode.Not not:
                var inner = Compile(not.Operand);
                return inner with { Negated = !inner.Negated };
            case FullTextNode.And and:
            {
                var (positives, negatives) = Split(and.Operands);
                if (positives.Count == 0)
                    return new Compiled(Join(negatives, " OR "), true); // NOT a AND NOT b = NOT (a OR b)
                var expression = Join(positives, " AND ");
                return new Compiled(negatives.Count == 0 ? expression : $"({expression} NOT {Join(negatives, " OR ")})", false);
            }
            case FullTextNode.Or or:
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

    private static (List<string> Positives, List<string> Negatives) Split(IReadOnlyList<FullTextNode> operands)
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
}
