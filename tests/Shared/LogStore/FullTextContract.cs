using Sawmill.Grains.Storage;

namespace Sawmill.LogStore.Contract;

/// <summary>The full-text syntax: words, phrases, AND/OR/NOT, parentheses, prefixes, folded case and diacritics.</summary>
public abstract class FullTextContract : LogStoreContract
{
    [Theory]
    [InlineData("payment", "e2 e3 e4")]
    [InlineData("PAYMENT", "e2 e3 e4")]
    [InlineData("\"payment failed\"", "e4")]
    [InlineData("\"failed payment\"", "")]
    [InlineData("payment AND slow", "e3")]
    [InlineData("payment slow", "e3")]
    [InlineData("slow OR failed", "e3 e4 e7 e10")]
    [InlineData("payment NOT failed", "e2 e3")]
    [InlineData("pay*", "e2 e3 e4 reg")] // reg: "PaymentService" in its message is one token
    [InlineData("\"payment fail\"*", "e4")]
    [InlineData("(order OR payment) NOT (slow OR failed)", "e2 e6 e8")]
    [InlineData("slow (query OR gateway) NOT payment", "e7")]
    [InlineData("alice", "e2 e9")]
    [InlineData("zurich", "e2")]
    [InlineData("cafe", "e10")]
    [InlineData("vip", "e2")]
    [InlineData("E42", "e4")]
    [InlineData("declined", "e4")]
    [InlineData("\"connection refused\"", "e5")]
    [InlineData("web", "reg")]
    [InlineData("registered", "reg")]
    [InlineData("message:payment", "")]
    [InlineData("NEAR(payment failed)", "")]
    public async Task Text_query_matches_message_and_string_properties(string text, string expected)
    {
        await using var harness = await SampleStoreAsync();

        var ids = await harness.SearchIdsAsync(new LogQuery { Text = text });

        Assert.Equal(expected.Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(), ids.Order());
    }

    [Theory]
    [InlineData("NOT order", "e2 e6 e8")]
    [InlineData("NOT slow NOT failed", "e3 e4 e7 e10")]
    [InlineData("failed OR NOT payment", "e2 e3")]
    public async Task Text_query_that_is_only_negations_returns_everything_else(string text, string excluded)
    {
        await using var harness = await SampleStoreAsync();

        var ids = await harness.SearchIdsAsync(new LogQuery { Text = text });

        Assert.Equal(SampleLogs.AllIds.Except(excluded.Split(' ')).Order(), ids.Order());
    }

    [Theory]
    [InlineData("\"foo")]
    [InlineData("bar) OR (")]
    [InlineData("payment OR")]
    [InlineData("()")]
    [InlineData("\"payment\" OR \"x")]
    public async Task Malformed_text_query_is_a_syntax_error_on_q(string text)
    {
        await using var harness = await SampleStoreAsync();

        var error = await Assert.ThrowsAsync<QuerySyntaxException>(async () =>
            await harness.LogStore.SearchAsync(new LogQuery { Text = text }));

        Assert.Equal("q", error.Parameter);
    }

    [Fact]
    public async Task Blank_text_query_does_not_filter()
    {
        await using var harness = await SampleStoreAsync();

        Assert.Equal(SampleLogs.AllIds.Order(), (await harness.SearchIdsAsync(new LogQuery { Text = "  " })).Order());
    }
}
