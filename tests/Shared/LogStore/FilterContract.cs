using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Storage;

namespace Sawmill.LogStore.Contract;

/// <summary>Level, service, node, time and field filters, alone and combined.</summary>
public abstract class FilterContract : LogStoreContract
{
    private static readonly DateTimeOffset T0 = StoreHarness.T0;

    public static TheoryData<string, LogQuery, string[]> Filters() => new()
    {
        { "no filter", new LogQuery(), SampleLogs.AllIds.ToArray() },
        { "levels", new LogQuery { Levels = new HashSet<Severity> { Severity.Warn, Severity.Error } }, ["e3", "e4", "e7", "e10"] },
        { "info includes registrations", new LogQuery { Levels = new HashSet<Severity> { Severity.Info } }, ["reg", "e2", "e6", "e9"] },
        { "services", new LogQuery { Services = ["OrderService"] }, ["e5", "e6", "e7", "e8"] },
        { "nodes", new LogQuery { Nodes = ["n2", "n5"] }, ["e3", "e4", "e9", "e10"] },
        { "from inclusive, to exclusive", new LogQuery { From = T0.AddMinutes(3), To = T0.AddMinutes(6) }, ["e3", "e4", "e5"] },
        { "from in another offset", new LogQuery { From = T0.AddMinutes(9).ToOffset(TimeSpan.FromHours(-5)) }, ["e9", "e10"] },
        {
            "combined",
            new LogQuery
            {
                Services = ["PaymentService", "OrderService"],
                Levels = new HashSet<Severity> { Severity.Error, Severity.Fatal },
                From = T0.AddMinutes(4),
                Text = "payment OR database",
            },
            ["e4", "e5"]
        },
        { "unknown service", new LogQuery { Services = ["Nope"] }, [] },
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task Filter_returns_exactly_the_matching_entries(string because, LogQuery query, string[] expected)
    {
        await using var harness = await SampleStoreAsync();

        var ids = await harness.SearchIdsAsync(query);

        Assert.True(expected.Order().SequenceEqual(ids.Order()), $"{because}: expected [{string.Join(", ", expected)}], got [{string.Join(", ", ids)}]");
    }

    [Theory]
    [InlineData("response_time_ms", FilterOperator.Equal, "850", "e3")]
    [InlineData("response_time_ms", FilterOperator.NotEqual, "850", "e7")]
    [InlineData("response_time_ms", FilterOperator.GreaterThan, "850", "e7")]
    [InlineData("response_time_ms", FilterOperator.GreaterThanOrEqual, "850", "e3 e7")]
    [InlineData("response_time_ms", FilterOperator.LessThan, "1000", "e3")]
    [InlineData("response_time_ms", FilterOperator.LessThanOrEqual, "1.2e3", "e3 e7")]
    [InlineData("threshold_limit_ms", FilterOperator.Equal, "500.0", "e3")]
    [InlineData("error_code", FilterOperator.Equal, "E42", "e4")]
    [InlineData("error_code", FilterOperator.NotEqual, "E42", "e5 e10")]
    [InlineData("error_message", FilterOperator.Equal, "card declined", "e4")]
    [InlineData("log_id", FilterOperator.Equal, "e6", "e6")]
    [InlineData("message_type", FilterOperator.Equal, "REGISTRATION", "reg")]
    [InlineData("amount", FilterOperator.Equal, "250", "e6")]
    [InlineData("amount", FilterOperator.NotEqual, "250", "e2 e9")]
    [InlineData("amount", FilterOperator.GreaterThan, "100", "e6")]
    [InlineData("amount", FilterOperator.GreaterThanOrEqual, "12", "e2 e6 e9")]
    [InlineData("amount", FilterOperator.LessThan, "20", "e2 e9")]
    [InlineData("amount", FilterOperator.LessThanOrEqual, "19.5", "e2 e9")]
    [InlineData("customer", FilterOperator.Equal, "alice", "e2 e9")]
    [InlineData("customer", FilterOperator.NotEqual, "alice", "e6")]
    [InlineData("customer", FilterOperator.GreaterThan, "alice", "e6")]
    [InlineData("customer", FilterOperator.LessThanOrEqual, "alice", "e2 e9")]
    [InlineData("status", FilterOperator.Equal, "200", "e6")]
    [InlineData("nested.city", FilterOperator.Equal, "Zürich", "e2")]
    [InlineData("error_details.retryable", FilterOperator.Equal, "true", "e4")]
    [InlineData("host", FilterOperator.Equal, "web-1", "reg")]
    [InlineData("customer", FilterOperator.Equal, "' OR 1=1 --", "")]
    [InlineData("missing", FilterOperator.NotEqual, "x", "")]
    public async Task Property_filter_compares_known_columns_and_extra_properties(string name, FilterOperator op, string value, string expected)
    {
        await using var harness = await SampleStoreAsync();

        var ids = await harness.SearchIdsAsync(new LogQuery { Properties = [new PropertyFilter(name, op, value)] });

        Assert.Equal(expected.Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(), ids.Order());
    }

    [Fact]
    public async Task Several_property_filters_combine_with_and()
    {
        await using var harness = await SampleStoreAsync();

        var ids = await harness.SearchIdsAsync(new LogQuery
        {
            Properties = [new("customer", FilterOperator.Equal, "alice"), new("amount", FilterOperator.LessThan, "15")],
        });

        Assert.Equal(["e9"], ids);
    }

    [Theory]
    [InlineData("bad name")]
    [InlineData("a..b")]
    [InlineData("$.x")]
    [InlineData("x\"]")]
    [InlineData("trailing\n")]
    [InlineData("")]
    public async Task Property_name_outside_the_allowed_characters_is_rejected(string name)
    {
        await using var harness = await SampleStoreAsync();

        var error = await Assert.ThrowsAsync<QuerySyntaxException>(async () =>
            await harness.LogStore.SearchAsync(new LogQuery { Properties = [new(name, FilterOperator.Equal, "x")] }));

        Assert.Equal(name, error.Parameter);
    }

    [Fact]
    public async Task Number_column_compared_with_a_word_is_rejected()
    {
        await using var harness = await SampleStoreAsync();

        var error = await Assert.ThrowsAsync<QuerySyntaxException>(async () =>
            await harness.LogStore.SearchAsync(new LogQuery { Properties = [new("response_time_ms", FilterOperator.GreaterThan, "slow")] }));

        Assert.Equal("response_time_ms", error.Parameter);
    }
}
