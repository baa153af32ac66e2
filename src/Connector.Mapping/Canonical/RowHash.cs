using System.Buffers;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;

namespace Connector.Mapping.Canonical;

/// <summary>
/// The change-detection hash of a canonical record: XxHash128 over its values (length-prefixed, with a
/// marker for null), so an unchanged row can be recognised without reading it back from the store.
/// </summary>
public static class RowHash
{
    private const int StackBytes = 1024;

    /// <summary>
    /// The hash of the values' bytes (per value its length in UTF-16 code units as a little-endian int and its UTF-8 bytes, or
    /// FF FF FF FF for null), hashed in one call: the same hash as appending them one by one, which the stored hashes were.
    /// </summary>
    public static UInt128 Of(string?[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var size = 0;
        foreach (var value in values)
        {
            size += sizeof(int) + (value is null ? 0 : Encoding.UTF8.GetMaxByteCount(value.Length));
        }

        byte[]? rented = null;
        var buffer = size <= StackBytes ? stackalloc byte[StackBytes] : (rented = ArrayPool<byte>.Shared.Rent(size));
        try
        {
            var position = 0;
            foreach (var value in values)
            {
                if (value is null)
                {
                    MemoryMarshal.Write(buffer[position..], -1);
                    position += sizeof(int);
                    continue;
                }

                MemoryMarshal.Write(buffer[position..], value.Length);
                position += sizeof(int);
                position += Encoding.UTF8.GetBytes(value, buffer[position..]);
            }

            return XxHash128.HashToUInt128(buffer[..position]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// <see cref="Of(string?[])"/> for values held in one text: value <c>i</c> is <paramref name="text"/>[<paramref name="starts"/>[i]..]
    /// of <paramref name="lengths"/>[i] characters, or <c>null</c> when that length is negative. The same bytes, so the same hash.
    /// </summary>
    public static UInt128 Of(ReadOnlySpan<char> text, ReadOnlySpan<int> starts, ReadOnlySpan<int> lengths)
    {
        var size = (lengths.Length * sizeof(int)) + Encoding.UTF8.GetMaxByteCount(text.Length);
        byte[]? rented = null;
        var buffer = size <= StackBytes ? stackalloc byte[StackBytes] : (rented = ArrayPool<byte>.Shared.Rent(size));
        try
        {
            var position = 0;
            for (var i = 0; i < lengths.Length; i++)
            {
                var length = lengths[i];
                if (length < 0)
                {
                    MemoryMarshal.Write(buffer[position..], -1);
                    position += sizeof(int);
                    continue;
                }

                MemoryMarshal.Write(buffer[position..], length);
                position += sizeof(int);
                position += Encoding.UTF8.GetBytes(text.Slice(starts[i], length), buffer[position..]);
            }

            return XxHash128.HashToUInt128(buffer[..position]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
