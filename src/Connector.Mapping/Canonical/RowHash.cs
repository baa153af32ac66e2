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
    public static UInt128 Of(string?[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var hash = new XxHash128();
        Span<byte> buffer = stackalloc byte[512];
        foreach (var value in values)
        {
            if (value is null)
            {
                hash.Append([0xFF, 0xFF, 0xFF, 0xFF]);
                continue;
            }

            var length = value.Length;
            hash.Append(MemoryMarshal.AsBytes(new ReadOnlySpan<int>(in length)));
            var bytes = Encoding.UTF8.GetMaxByteCount(value.Length) <= buffer.Length
                ? buffer[..Encoding.UTF8.GetBytes(value, buffer)]
                : Encoding.UTF8.GetBytes(value);
            hash.Append(bytes);
        }

        return hash.GetCurrentHashAsUInt128();
    }
}
