using System.Globalization;
using System.IO.Hashing;

namespace Connector.Erp.Csv;

/// <summary>
/// A drop file as it was found: its length, last write and the hash of its content. A file is archived only when what
/// was read is exactly this (nothing written since, every byte read and hashing the same): an ERP still writing the file
/// must not have half of it archived as if it were all.
/// </summary>
public sealed record FileSnapshot(long Length, DateTime LastWriteUtc, string Hash)
{
    /// <summary>Why the file at <paramref name="path"/> is no longer this snapshot (it grew, shrank, was written again or is gone); <c>null</c> when it is the same.</summary>
    public string? ChangedSince(string path)
    {
        var now = Target(new FileInfo(path));
        if (!now.Exists)
        {
            return "it was removed while it was read";
        }

        if (now.Length != Length)
        {
            return string.Create(CultureInfo.InvariantCulture, $"it {(now.Length > Length ? "grew" : "shrank")} from {Length:N0} to {now.Length:N0} bytes while it was read (the ERP is still writing it)");
        }

        return now.LastWriteTimeUtc != LastWriteUtc
            ? "it was written again while it was read (the ERP is still writing it)"
            : null;
    }

    /// <summary>Length and last write of <paramref name="file"/> as the file system has them now.</summary>
    public static (long Length, DateTime LastWriteUtc) Stat(FileInfo file)
    {
        ArgumentNullException.ThrowIfNull(file);
        file.Refresh();
        var target = Target(file);
        return (target.Length, target.LastWriteTimeUtc);
    }

    /// <summary>The file a link leads to (its length and last write are the content's, not the link's); the file itself otherwise.</summary>
    private static FileInfo Target(FileInfo file) =>
        file.LinkTarget is not null && file.ResolveLinkTarget(returnFinalTarget: true) is FileInfo target ? target : file;

    /// <summary>Hashes the file's content (identity, not security: XxHash128 reads a 150 MB export in a fraction of SHA-256's time).</summary>
    /// <returns>The hash as lower-case hex and how many bytes it covers.</returns>
    public static async Task<(string Hash, long Bytes)> HashAsync(string path, CancellationToken cancellationToken)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        await using (stream.ConfigureAwait(false))
        {
            var counted = new SnapshotStream(stream, long.MaxValue);
            var buffer = new byte[1 << 16];
            while (await counted.ReadAsync(buffer, cancellationToken).ConfigureAwait(false) > 0)
            {
            }

            return (counted.Hash, counted.BytesRead);
        }
    }
}

/// <summary>
/// Reads a file only up to the length it had when it was found, hashing every byte on the way, so the reader sees the
/// snapshot's bytes and nothing appended since, and can prove at the end that they were the snapshot's.
/// </summary>
public sealed class SnapshotStream(Stream inner, long length) : Stream
{
    private readonly XxHash128 hash = new();

    public long BytesRead { get; private set; }

    /// <summary>The hash of the bytes read so far, as lower-case hex.</summary>
    public string Hash => Convert.ToHexStringLower(hash.GetCurrentHash());

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer[..Allowed(buffer.Length)]);
        Count(buffer[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer[..Allowed(buffer.Length)], cancellationToken).ConfigureAwait(false);
        Count(buffer.Span[..read]);
        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Allowed(int wanted) => (int)Math.Min(wanted, length - BytesRead);

    private void Count(ReadOnlySpan<byte> bytes)
    {
        hash.Append(bytes);
        BytesRead += bytes.Length;
    }
}
