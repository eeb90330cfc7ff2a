using Sawmill.Grains.Storage;
using Sawmill.Grains.Tests.Support;
using Sawmill.Storage.Sqlite;
using Sawmill.Storage.Sqlite.Logs;

namespace Sawmill.Storage.Sqlite.Tests.Logs;

public sealed class FullTextQueryTests
{
    [Theory]
    [InlineData("error", "\"error\"")]
    [InlineData("Error timeout", "(\"Error\" AND \"timeout\")")]
    [InlineData("error AND timeout", "(\"error\" AND \"timeout\")")]
    [InlineData("a OR b c", "(\"a\" OR (\"b\" AND \"c\"))")]
    [InlineData("(a OR b) c", "((\"a\" OR \"b\") AND \"c\")")]
    [InlineData("\"disk full\"", "\"disk full\"")]
    [InlineData("pay*", "\"pay\"*")]
    [InlineData("\"payment ser\"*", "\"payment ser\"*")]
    [InlineData("a NOT b", "(\"a\" NOT \"b\")")]
    [InlineData("a NOT b NOT c", "(\"a\" NOT (\"b\" OR \"c\"))")]
    [InlineData("(a OR b) NOT (c OR d)", "((\"a\" OR \"b\") NOT (\"c\" OR \"d\"))")]
    [InlineData("NOT NOT a", "\"a\"")]
    [InlineData("and or not", "(\"and\" AND \"or\" AND \"not\")")]
    public void Query_compiles_to_quoted_fts5_terms(string query, string expected)
    {
        var compiled = FullTextQuery.Parse(query);

        Assert.Equal(expected, compiled.Match);
        Assert.False(compiled.Negated);
    }

    [Theory]
    [InlineData("NOT debug", "\"debug\"")]
    [InlineData("NOT a NOT b", "(\"a\" OR \"b\")")]
    [InlineData("NOT (a OR b)", "(\"a\" OR \"b\")")]
    [InlineData("a OR NOT b", "(\"b\" NOT \"a\")")]
    [InlineData("NOT a OR NOT b", "(\"a\" AND \"b\")")]
    public void Query_that_is_negative_as_a_whole_compiles_to_the_match_to_exclude(string query, string expected)
    {
        var compiled = FullTextQuery.Parse(query);

        Assert.Equal(expected, compiled.Match);
        Assert.True(compiled.Negated);
    }

    [Theory]
    [InlineData("NEAR(a b)", "(\"NEAR\" AND (\"a\" AND \"b\"))")]
    [InlineData("message:payment", "\"message:payment\"")]
    [InlineData("^start a+b", "(\"^start\" AND \"a+b\")")]
    [InlineData("it's", "\"it's\"")]
    [InlineData("\"a OR b\"", "\"a OR b\"")]
    public void Fts5_syntax_in_user_text_stays_inside_quoted_strings(string query, string expected)
    {
        Assert.Equal(expected, FullTextQuery.Parse(query).Match);
    }

    [Theory]
    [InlineData("\"foo", "quote at position 1 is never closed")]
    [InlineData("bar) OR (", "')' at position 4 has no matching '('")]
    [InlineData("(payment slow", "'(' at position 1 is never closed")]
    [InlineData("payment AND", "'AND' at position 9 has no search term after it")]
    [InlineData("OR payment", "'OR' at position 1 has no search term before it")]
    [InlineData("a AND OR b", "'AND' at position 3 is followed by 'OR'")]
    [InlineData("NOT", "'NOT' at position 1 has no search term after it")]
    [InlineData("()", "Empty parentheses at position 1")]
    [InlineData("a \"\" b", "quoted phrase at position 3 is empty")]
    [InlineData("*", "'*' at position 1 must end a word")]
    [InlineData("   ", "empty")]
    public void Malformed_query_is_rejected_with_what_and_where(string query, string expected)
    {
        var error = Assert.Throws<QuerySyntaxException>(() => FullTextQuery.Parse(query));

        Assert.Equal("q", error.Parameter);
        Assert.Contains(expected, error.Message);
    }
}
