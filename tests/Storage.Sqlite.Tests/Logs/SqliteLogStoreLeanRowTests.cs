using Microsoft.Data.Sqlite;
using Sawmill.Grains.Interfaces;
using Sawmill.Grains.Storage;
using Sawmill.Storage.Sqlite.Logs;
using Sawmill.LogStore.Contract;
using static Sawmill.LogStore.Contract.StoreHarness;

namespace Sawmill.Storage.Sqlite.Tests.Logs;

/// <summary>How the store keeps rows small: repeated property values stored once per partition, property values the
/// message already says left out of the full-text index, write-ahead logs folded in when the writer moves on.</summary>
public sealed class SqliteLogStoreLeanRowTests
{
    private static LogEntry Templated(string logId, string order, string category = "Sawmill.SampleServices.PaymentService") =>
        Log(logId, message: $"Order {order} placed") with
        {
            Properties = Properties($$"""{"category": "{{category}}", "message_template": "Order {OrderId} placed", "order_id": "{{order}}", "amount": 12.5}"""),
        };

    [Fact]
    public async Task Repeated_property_values_are_stored_once_per_partition_and_read_back_intact()
    {
        await using var harness = new LogStoreHarness();
        var entries = Enumerable.Range(0, 50).Select(i => Templated($"t{i:D2}", $"ord-{i:D4}")).ToArray();
        await harness.Store.AppendAsync(entries);

        foreach (var entry in entries)
            Assert.Equal(Json(entry), Json((await harness.Store.GetAsync(entry.LogId))!));
        using var connection = new SqliteConnection($"Data Source={Path.Combine(harness.LogsPath, harness.PartitionFiles().Single())};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*), count(DISTINCT shared), sum(instr(extra, 'message_template') > 0) FROM entries";
        using var reader = command.ExecuteReader();
        reader.Read();
        Assert.Equal(50, reader.GetInt64(0));
        Assert.Equal(1, reader.GetInt64(1)); // one shared object: the category and the template
        Assert.True(reader.GetInt64(2) <= 1, $"the template is kept in {reader.GetInt64(2)} rows; only its first sighting may keep it");
    }

    [Theory]
    [InlineData("category", FilterOperator.Equal, "Sawmill.SampleServices.OrderService", "o1 o2 o3")]
    [InlineData("category", FilterOperator.NotEqual, "Sawmill.SampleServices.OrderService", "p1 p2 p3")]
    [InlineData("message_template", FilterOperator.Equal, "Order {OrderId} placed", "o1 o2 o3 p1 p2 p3")]
    [InlineData("order_id", FilterOperator.Equal, "ord-2", "o2 p2")]
    [InlineData("amount", FilterOperator.GreaterThan, "12", "o1 o2 o3 p1 p2 p3")]
    public async Task Property_filters_find_values_whether_the_row_or_the_partition_holds_them(string name, FilterOperator op, string value, string expected)
    {
        await using var harness = new LogStoreHarness();
        // The first of each value is kept in its row, the repeats are shared: a filter must see both.
        for (var i = 1; i <= 3; i++)
        {
            await harness.AppendAsync(Templated($"p{i}", $"ord-{i}") with { Timestamp = T0.AddSeconds(i) },
                Templated($"o{i}", $"ord-{i}", "Sawmill.SampleServices.OrderService") with { Timestamp = T0.AddSeconds(i) });
        }

        var ids = await harness.SearchIdsAsync(new LogQuery { Properties = [new PropertyFilter(name, op, value)] });

        Assert.Equal(expected.Split(' ').Order(StringComparer.Ordinal), ids.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Full_text_finds_property_values_in_the_message_and_out_of_it()
    {
        await using var harness = new LogStoreHarness();
        await harness.AppendAsync(Templated("a", "ord-77aa"), Log("b", message: "Refund issued") with { Properties = Properties("""{"order_id": "ord-88bb"}""") });

        Assert.Equal(["a"], await harness.SearchIdsAsync(new LogQuery { Text = "77aa" }));
        Assert.Equal(["b"], await harness.SearchIdsAsync(new LogQuery { Text = "88bb" }));
        Assert.Equal(["a"], await harness.SearchIdsAsync(new LogQuery { Text = "sampleservices" }));
    }

    [Theory]
    [InlineData("Order ord-1 placed", "ord-1", true)]
    [InlineData("Order ord-1 placed", "Order", true)]
    [InlineData("Order ord-1 placed", "placed", true)]
    [InlineData("declined (CARD_DECLINED)", "CARD_DECLINED", true)]
    [InlineData("answered in 30 ms", "(30 ms)", false)]
    [InlineData("ordinary day", "ord", false)]
    [InlineData("a reorder", "order", false)]
    [InlineData("ord-12", "ord-1", false)]
    [InlineData("price: 30.53 EUR", ": 30", true)]
    [InlineData("café", "caf", false)]
    [InlineData("Zürich", "Zu", false)]
    public void A_value_counts_as_said_only_on_token_boundaries(string message, string value, bool expected)
    {
        Assert.Equal(expected, PropertyText.InMessage(message, value));
    }

    [Fact]
    public async Task The_writer_folds_a_partitions_write_ahead_log_in_when_it_moves_on()
    {
        await using var harness = new LogStoreHarness(new LogStoreOptions { PartitionSpan = TimeSpan.FromMinutes(1), Retention = TimeSpan.FromDays(3650) });
        // The writer keeps four partitions open: the sixth one makes it let go of the two oldest.
        for (var minute = 0; minute < 6; minute++)
            await harness.AppendAsync(Enumerable.Range(0, 200).Select(i => Log($"m{minute}-{i}", minute: minute, message: "some words to index")).ToArray());

        var oldest = Path.Combine(harness.LogsPath, harness.PartitionFiles()[0]);
        var wal = new FileInfo(oldest + "-wal");
        var left = wal.Exists ? wal.Length : 0;
        Assert.True(left == 0, $"{wal.Name} still holds {left} bytes after the writer let go of its partition");
        Assert.Equal(200, (await harness.Store.SearchAsync(new LogQuery { To = T0.AddMinutes(1) })).Total);
    }

    [Fact]
    public async Task A_partition_file_written_before_the_shared_column_opens_and_takes_new_entries()
    {
        await using var harness = new LogStoreHarness();
        await harness.AppendAsync(Templated("old", "ord-1"));
        await harness.Store.DisposeAsync();
        var file = Path.Combine(harness.LogsPath, harness.PartitionFiles().Single());
        using (var connection = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "ALTER TABLE entries DROP COLUMN shared";
            command.ExecuteNonQuery();
        }

        await harness.ReopenAsync();
        await harness.AppendAsync(Templated("new1", "ord-2") with { Timestamp = T0.AddSeconds(1) }, Templated("new2", "ord-3") with { Timestamp = T0.AddSeconds(2) });

        Assert.Equal(["new2", "new1", "old"], await harness.SearchIdsAsync(new LogQuery { Properties = [new("message_template", FilterOperator.Equal, "Order {OrderId} placed")] }));
        Assert.Equal(Json(Templated("old", "ord-1")), Json((await harness.Store.GetAsync("old"))!));
    }
}
