using Sawmill.Grains.Storage;
using Sawmill.Storage.Postgres.Logs;

namespace Sawmill.Storage.Postgres.Tests.Logs;

/// <summary>The tokenizer both sides of full text share, and the tsquery a parsed query becomes.</summary>
public sealed class PgTextTests
{
    [Theory]
    [InlineData("Payment failed", "payment failed")]
    [InlineData("Zürich Café ŁÓDŹ", "zurich cafe łodz")]
    [InlineData("web-1 v1.2.3 E42", "web 1 v1 2 3 e42")]
    [InlineData("PaymentService", "paymentservice")]
    [InlineData("it's a \"quote\" \\ back", "it s a quote back")]
    [InlineData("u\u0308ber", "uber")]
    [InlineData("", "")]
    public void Tokens_are_letter_and_digit_runs_lower_cased_with_latin_diacritics_folded(string text, string expected)
    {
        Assert.Equal(expected, string.Join(' ', PgText.Tokens(text)));
    }

    [Fact]
    public void A_vector_numbers_each_token_by_its_position()
    {
        Assert.Equal("'order':1 '42':2 'order':3", PgText.Vector("Order 42, order"));
    }

    [Theory]
    [InlineData("payment", "('payment')")]
    [InlineData("pay*", "('pay':*)")]
    [InlineData("\"payment fail\"*", "('payment' <-> 'fail':*)")]
    [InlineData("a OR b NOT c", "(('a') | (('b') & !(('c'))))")]
    [InlineData("message:payment", "('message' <-> 'payment')")]
    [InlineData("\"-\"", "'-'")]
    [InlineData("o'brien", "('o' <-> 'brien')")]
    public void A_parsed_query_becomes_a_tsquery_of_the_same_tokens(string query, string expected)
    {
        Assert.Equal(expected, PgText.Query(FullTextParser.Parse(query)));
    }
}
