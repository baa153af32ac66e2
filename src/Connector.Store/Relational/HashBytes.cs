using System.Buffers.Binary;

namespace Connector.Store.Relational;

/// <summary>Row and payload hashes as 16 big-endian bytes (a <c>BLOB</c>/<c>bytea</c> that reads as the hash in hex).</summary>
internal static class HashBytes
{
    public static byte[] ToBytes(UInt128 hash)
    {
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, hash);
        return bytes;
    }

    public static void Write(UInt128 hash, Span<byte> destination) => BinaryPrimitives.WriteUInt128BigEndian(destination, hash);

    public static UInt128 Read(ReadOnlySpan<byte> bytes) => BinaryPrimitives.ReadUInt128BigEndian(bytes);
}
