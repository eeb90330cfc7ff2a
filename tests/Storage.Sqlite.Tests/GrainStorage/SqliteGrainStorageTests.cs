using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using Sawmill.Grains.Tests.Support;
using Sawmill.Storage.Sqlite.GrainStorage;

namespace Sawmill.Storage.Sqlite.Tests.GrainStorage;

public sealed class SqliteGrainStorageTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private SqliteGrainStorage Open() => new(new SqliteDatabase(_directory.File("sawmill.db")));

    private static GrainId Node(string key) => GrainId.Create("node", key);

    public sealed class Counter
    {
        public int Value { get; set; }

        public List<string> Seen { get; set; } = [];
    }

    [Fact]
    public async Task State_written_is_read_back_by_a_new_storage_on_the_same_file_with_its_etag()
    {
        var written = new GrainState<Counter>(new Counter { Value = 7, Seen = ["a", "b"] });
        await Open().WriteStateAsync("counter", Node("n1"), written);

        var read = new GrainState<Counter>(new Counter());
        await Open().ReadStateAsync("counter", Node("n1"), read);

        Assert.True(read.RecordExists);
        Assert.Equal((7, written.ETag), (read.State!.Value, read.ETag));
        Assert.Equal(["a", "b"], read.State.Seen);
        var missing = new GrainState<Counter>(new Counter());
        await Open().ReadStateAsync("counter", Node("n2"), missing);
        Assert.False(missing.RecordExists);
        Assert.Null(missing.ETag);
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_is_refused_and_changes_nothing()
    {
        var storage = Open();
        var first = new GrainState<Counter>(new Counter { Value = 1 });
        await storage.WriteStateAsync("counter", Node("n1"), first);
        var stale = new GrainState<Counter>(new Counter { Value = 99 }) { ETag = first.ETag };
        first.State!.Value = 2;
        await storage.WriteStateAsync("counter", Node("n1"), first);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("counter", Node("n1"), stale));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("counter", Node("n1"), new GrainState<Counter>(new Counter())));
        var read = new GrainState<Counter>(new Counter());
        await storage.ReadStateAsync("counter", Node("n1"), read);
        Assert.Equal(2, read.State!.Value);
    }

    [Fact]
    public async Task Clear_removes_the_state_and_the_catalog_lists_what_is_stored()
    {
        var storage = Open();
        foreach (var key in new[] { "n1", "n2", "n3" }) await storage.WriteStateAsync("counter", Node(key), new GrainState<Counter>(new Counter { Value = key[1] - '0' }));
        await storage.WriteStateAsync("other", Node("n1"), new GrainState<Counter>(new Counter()));
        var n2 = new GrainState<Counter>(new Counter());
        await storage.ReadStateAsync("counter", Node("n2"), n2);

        await storage.ClearStateAsync("counter", Node("n2"), n2);

        Assert.False(n2.RecordExists);
        var listed = new List<(string Key, int Value)>();
        await foreach (var (key, state) in storage.ReadAllAsync<Counter>("counter", CancellationToken.None)) listed.Add((key, state.Value));
        Assert.Equal([("n1", 1), ("n3", 3)], listed.Order());
    }

    public void Dispose() => _directory.Dispose();
}
