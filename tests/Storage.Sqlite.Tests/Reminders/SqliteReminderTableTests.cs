using Orleans;
using Orleans.Runtime;
using Sawmill.Grains.Tests.Support;
using Sawmill.Storage.Sqlite.Reminders;

namespace Sawmill.Storage.Sqlite.Tests.Reminders;

public sealed class SqliteReminderTableTests : IDisposable
{
    private static readonly DateTime Start = new(2026, 11, 21, 12, 0, 0, DateTimeKind.Utc);
    private readonly TempDirectory _directory = new();

    private SqliteReminderTable Open() => new(new SqliteDatabase(_directory.File("sawmill.db")));

    private static ReminderEntry Entry(string key, string name = "liveness") => new()
    {
        GrainId = GrainId.Create("node", key),
        ReminderName = name,
        StartAt = Start,
        Period = TimeSpan.FromMinutes(1),
    };

    [Fact]
    public async Task Rows_survive_a_reopen_with_their_times_and_a_new_etag_on_every_upsert()
    {
        var first = await Open().UpsertRow(Entry("n1"));
        var changed = Entry("n1");
        changed.Period = TimeSpan.FromMinutes(5);
        var second = await Open().UpsertRow(changed);

        var row = await Open().ReadRow(GrainId.Create("node", "n1"), "liveness");
        Assert.NotNull(row);
        Assert.Equal((Start, TimeSpan.FromMinutes(5), second), (row.StartAt, row.Period, row.ETag));
        Assert.NotEqual(first, second);
        Assert.Null(await Open().ReadRow(GrainId.Create("node", "n1"), "other"));
    }

    [Fact]
    public async Task A_remove_with_a_stale_etag_keeps_the_row()
    {
        var table = Open();
        var stale = await table.UpsertRow(Entry("n1"));
        var current = await table.UpsertRow(Entry("n1"));

        Assert.False(await table.RemoveRow(GrainId.Create("node", "n1"), "liveness", stale!));
        Assert.True(await table.RemoveRow(GrainId.Create("node", "n1"), "liveness", current!));
        Assert.Empty((await table.ReadRows(GrainId.Create("node", "n1"))).Reminders);
    }

    [Fact]
    public async Task A_ring_range_returns_the_reminders_of_the_grains_whose_hash_it_holds_also_across_zero()
    {
        var table = Open();
        var entries = Enumerable.Range(0, 40).Select(i => Entry($"n{i}")).ToList();
        foreach (var entry in entries) await table.UpsertRow(entry);
        var hashes = entries.ToDictionary(e => e.GrainId.ToString(), e => e.GrainId.GetUniformHashCode());
        var (low, high) = (hashes.Values.Order().ElementAt(10), hashes.Values.Order().ElementAt(30));

        var inside = (await table.ReadRows(low, high)).Reminders.Select(r => r.GrainId.ToString()).Order();
        var wrapped = (await table.ReadRows(high, low)).Reminders.Select(r => r.GrainId.ToString()).Order();
        var all = (await table.ReadRows(low, low)).Reminders.Count;

        Assert.Equal(hashes.Where(h => h.Value > low && h.Value <= high).Select(h => h.Key).Order(), inside);
        Assert.Equal(hashes.Where(h => h.Value > high || h.Value <= low).Select(h => h.Key).Order(), wrapped);
        Assert.Equal(40, all);
    }

    public void Dispose() => _directory.Dispose();
}
