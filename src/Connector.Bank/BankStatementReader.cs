using System.Text;
using Connector.Bank.Bai2;
using Connector.Bank.Camt;
using Connector.Sync.Ports;

namespace Connector.Bank;

/// <summary>Reads a statement file of whichever format it is: XML is an ISO 20022 camt message, a file starting with a 01 record is BAI2.</summary>
public static class BankStatementReader
{
    public static BankStatementRead Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var buffered = stream.CanSeek ? stream : new BufferedStream(stream, 1 << 16);
        var start = new byte[64];
        var read = buffered.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
        var head = Encoding.UTF8.GetString(start, 0, read).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        Rewind(buffered, read, start, out var whole);
        if (head.StartsWith('<'))
        {
            return CamtReader.Read(whole);
        }

        if (head.StartsWith("01,", StringComparison.Ordinal))
        {
            using var text = new StreamReader(whole, Encoding.Latin1, detectEncodingFromByteOrderMarks: true, 1 << 16, leaveOpen: true);
            return Bai2Reader.Read(text);
        }

        return BankStatementRead.Failed("unknown", read == 0
            ? "the file is empty"
            : "neither an ISO 20022 camt message (XML) nor a BAI2 file (which starts with its 01 record)");
    }

    /// <summary>The stream from its start again: seeked back, or the bytes already read put in front of the rest.</summary>
    private static void Rewind(Stream stream, int read, byte[] start, out Stream whole)
    {
        if (stream.CanSeek)
        {
            stream.Seek(-read, SeekOrigin.Current);
            whole = stream;
            return;
        }

        whole = new PrefixedStream(start.AsMemory(0, read), stream);
    }

    /// <summary>Some bytes already read, then the rest of the stream.</summary>
    private sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream rest) : Stream
    {
        private ReadOnlyMemory<byte> prefix = prefix;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (prefix.Length == 0)
            {
                return rest.Read(buffer);
            }

            var n = Math.Min(buffer.Length, prefix.Length);
            prefix.Span[..n].CopyTo(buffer);
            prefix = prefix[n..];
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
