using System.Text;

namespace Sawmill.Agent;

/// <summary>Follows a file like <c>tail -F</c>: ships lines appended to it; when the file is renamed away or replaced
/// (rotation) it finishes the old file and continues with the new one from its start; a truncated file is read again
/// from the top. Only whole lines are shipped.</summary>
internal sealed class FileTailer(string path, LineShipper lines, TimeProvider time, TimeSpan? pollInterval = null)
{
    private readonly string _path = Path.GetFullPath(path);
    private readonly TimeSpan _interval = pollInterval ?? TimeSpan.FromMilliseconds(250);
    private readonly StringBuilder _pending = new();
    private readonly byte[] _buffer = new byte[64 * 1024];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        FileStream? stream = null;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                if (stream is null && File.Exists(_path)) stream = Open();
                if (stream is not null)
                {
                    await ReadToEndAsync(stream, cancellationToken);
                    if (IsRotated(stream))
                    {
                        await ReadToEndAsync(stream, cancellationToken);
                        await stream.DisposeAsync();
                        stream = File.Exists(_path) ? Open() : null;
                        continue;
                    }
                    if (stream.Length < stream.Position) stream.Position = 0; // truncated in place
                }
                try { await Task.Delay(_interval, time, cancellationToken); }
                catch (OperationCanceledException) { break; }
            }
        }
        finally
        {
            if (stream is not null) await stream.DisposeAsync();
        }
    }

    private FileStream Open() => new(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);

    private async Task ReadToEndAsync(FileStream stream, CancellationToken cancellationToken)
    {
        int read;
        while ((read = await stream.ReadAsync(_buffer, cancellationToken)) > 0)
        {
            _pending.Append(Encoding.UTF8.GetString(_buffer, 0, read));
            var text = _pending.ToString();
            var last = text.LastIndexOf('\n');
            if (last < 0) continue;
            foreach (var line in text[..last].Split('\n')) lines.Ship(line.TrimEnd('\r'), fromStderr: false);
            _pending.Remove(0, last + 1);
        }
    }

    /// <summary>The open file is no longer the one at the path: Linux names an open descriptor's file in /proc/self/fd.</summary>
    private bool IsRotated(FileStream stream)
    {
        var descriptor = $"/proc/self/fd/{stream.SafeFileHandle.DangerousGetHandle()}";
        var target = new FileInfo(descriptor).LinkTarget;
        return target is not null && !string.Equals(target, _path, StringComparison.Ordinal);
    }
}
