using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Storage;

namespace Sawmill.Grains.Tests.Storage;

public sealed class LogQueryParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> QueryStrings() =>
    [
        "",
        "q=walrus",
        "q=%22card declined%22 AND (E42 OR E43) NOT refund*",
        "level=WARN",
        "level=ERROR,FATAL",
        "level=DEBUG,ERROR",
        "level=WARN,WARN",
        "service=PaymentService&service=OrderService&node=pay-1,pay-2",
        "from=2026-11-21T10:00:00Z&to=2026-11-21T11:30:00.5%2B01:00",
        "from=-15m&to=now",
        "error_code=E42&response_time_ms>500&threshold_limit_ms<=900&region!=eu-west-1&a.b>=1&c<2",
        "note=a%26b%3Dc+d%2Be",
        "limit=25&cursor=abc123",
    ];

    [Theory]
    [MemberData(nameof(QueryStrings))]
    public void A_formatted_query_parses_back_to_the_same_query(string queryString)
    {
        var (query, _) = LogQueryParser.Parse(queryString, Now);

        var (again, interval) = LogQueryParser.Parse(LogQueryParser.Format(query, "5m"), Now.AddHours(1));

        Assert.Equal(Describe(query), Describe(again));
        Assert.Equal("5m", interval);
    }

    [Fact]
    public void An_exact_single_level_stays_exact_and_a_minimum_stays_a_minimum()
    {
        Assert.Equal("level=WARN%2CWARN", LogQueryParser.Format(new LogQuery { Levels = new HashSet<Severity> { Severity.Warn } }));
        Assert.Equal("level=WARN", LogQueryParser.Format(new LogQuery { Levels = new HashSet<Severity> { Severity.Warn, Severity.Error, Severity.Fatal } }));
    }

    [Theory]
    [InlineData(30, "30s")]
    [InlineData(300, "5m")]
    [InlineData(7200, "2h")]
    [InlineData(86400, "1d")]
    [InlineData(0.25, "250ms")]
    public void Intervals_format_as_the_parser_reads_them(double seconds, string expected)
    {
        var interval = TimeSpan.FromSeconds(seconds);
        Assert.Equal(expected, LogQueryParser.FormatInterval(interval));
        Assert.Equal(interval, LogQueryParser.Interval(expected, new LogQuery()));
    }

    private static string Describe(LogQuery q) => string.Join(" | ",
        q.Text,
        q.Levels is null ? "all levels" : string.Join(',', q.Levels.Order()),
        string.Join(',', q.Services ?? []),
        string.Join(',', q.Nodes ?? []),
        q.From?.UtcTicks,
        q.To?.UtcTicks,
        string.Join(',', q.Properties.Select(p => $"{p.Name} {p.Operator} {p.Value}")),
        q.Limit,
        q.Cursor);
}
