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

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> number = stackalloc byte[8];
        hash.AppendData(previous);
        BinaryPrimitives.WriteInt64BigEndian(number, id);
        hash.AppendData(number);
        var micros = (Canonical(auditEvent.At).UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
        BinaryPrimitives.WriteInt64BigEndian(number, micros);
        hash.AppendData(number);
        foreach (var field in (string?[])[auditEvent.Actor, auditEvent.Action, auditEvent.Subject, auditEvent.Before, auditEvent.After, auditEvent.Reason])
        {
            AppendField(hash, field);
        }

        return hash.GetHashAndReset();
    }

    public static string ToHex(ReadOnlySpan<byte> hash) => Convert.ToHexStringLower(hash);

    private static void AppendField(IncrementalHash hash, string? value)
    {
        Span<byte> length = stackalloc byte[4];
        if (value is null)
        {
            BinaryPrimitives.WriteInt32BigEndian(length, -1);
            hash.AppendData(length);
            return;
        }

        var bytes = Encoding.UTF8.GetBytes(value);
        BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
        hash.AppendData(length);
        hash.AppendData(bytes);
    }
}
