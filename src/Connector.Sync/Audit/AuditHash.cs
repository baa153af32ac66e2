using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Connector.Sync.Ports;

namespace Connector.Sync.Audit;

/// <summary>
/// The hash that chains the audit journal (decision 95): SHA-256 over, in this order, the previous event's hash
/// (32 bytes; 32 zero bytes before the first event), the id (8 bytes big-endian), the time (microseconds since
/// 1970-01-01 UTC, 8 bytes big-endian) and actor, action, subject, before, after, reason — each a 4-byte
/// big-endian length of its UTF-8 bytes followed by the bytes, or the length -1 alone for a missing value.
/// </summary>
public static class AuditHash
{
    public const int Length = 32;

    /// <summary>The "previous hash" of the first event: 32 zero bytes.</summary>
    public static ReadOnlySpan<byte> Genesis => new byte[Length];

    /// <summary>The time as the journal keeps it: UTC, whole microseconds (what PostgreSQL's timestamptz holds).</summary>
    public static DateTimeOffset Canonical(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % 10), TimeSpan.Zero);
    }

    public static byte[] Compute(ReadOnlySpan<byte> previous, long id, AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        if (previous.Length != Length)
        {
            throw new ArgumentException($"A previous hash is {Length} bytes, not {previous.Length}.", nameof(previous));
        }

        // The fields laid out once in a pooled buffer and hashed in one call: a cash commit appends an event per accepted
        // payment, and a hash object and a byte array per field each cost more than the hashing (decision 123).
        string?[] fields = [auditEvent.Actor, auditEvent.Action, auditEvent.Subject, auditEvent.Before, auditEvent.After, auditEvent.Reason];
        var size = Length + 16;
        foreach (var field in fields)
        {
            size += 4 + (field is null ? 0 : Encoding.UTF8.GetByteCount(field));
        }

        var rented = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            var buffer = rented.AsSpan(0, size);
            previous.CopyTo(buffer);
            BinaryPrimitives.WriteInt64BigEndian(buffer[Length..], id);
            var micros = (Canonical(auditEvent.At).UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
            BinaryPrimitives.WriteInt64BigEndian(buffer[(Length + 8)..], micros);
            var at = Length + 16;
            foreach (var field in fields)
            {
                if (field is null)
                {
                    BinaryPrimitives.WriteInt32BigEndian(buffer[at..], -1);
                    at += 4;
                    continue;
                }

                var written = Encoding.UTF8.GetBytes(field, buffer[(at + 4)..]);
                BinaryPrimitives.WriteInt32BigEndian(buffer[at..], written);
                at += 4 + written;
            }

            return SHA256.HashData(buffer);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public static string ToHex(ReadOnlySpan<byte> hash) => Convert.ToHexStringLower(hash);
}
