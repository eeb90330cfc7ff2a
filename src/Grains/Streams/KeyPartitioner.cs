using System.Text;

namespace Sawmill.Grains.Streams;

/// <summary>Maps a key to a partition with FNV-1a over its UTF-8 bytes: stable across processes and restarts.</summary>
public static class KeyPartitioner
{
    public static int Partition(string key, int partitions)
    {
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetByteCount(key) <= buffer.Length ? buffer[..Encoding.UTF8.GetBytes(key, buffer)] : Encoding.UTF8.GetBytes(key);
        var hash = 2166136261u;
        foreach (var b in bytes) hash = (hash ^ b) * 16777619u;
        return (int)(hash % (uint)partitions);
    }
}
