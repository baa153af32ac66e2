using System.IO.Hashing;
using System.Runtime.InteropServices;
using Connector.Mapping.Canonical;

namespace Connector.Mapping.Rows;

/// <summary>
/// One mapped row as canonical text in a reused buffer — its key, values and row hash — made by
/// <see cref="RowMapper.TryFingerprint"/> straight from the source's text. An unchanged row is recognised by its hash without
/// a string or record being made; a new or changed one becomes a <see cref="CanonicalRecord"/> with <see cref="ToRecord"/>.
/// Belongs to one reader at a time (not thread-safe); valid until the next row is fingerprinted.
/// </summary>
public sealed class RowFingerprint
{
    private readonly int[] starts;
    private readonly int[] lengths;
    private string?[]? lastValues;
    private char[] text;
    private int textLength;
    private int keyStart;
    private int keyLength;

    public RowFingerprint(CanonicalEntitySchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        Schema = schema;
        starts = new int[schema.Fields.Count];
        lengths = new int[schema.Fields.Count];
        text = new char[1024];
        Scratch = new();
    }

    /// <summary>
    /// A fingerprint that uses the scratch room of <paramref name="filledOnTheSameThread"/> while it is made: many rows can then be
    /// kept fingerprinted at once (the rows mapped ahead of the ingest loop) without room for transforms in each. Only one
    /// of the fingerprints sharing a scratch may be made at a time; what is made is kept in each one's own text.
    /// </summary>
    public RowFingerprint(CanonicalEntitySchema schema, RowFingerprint filledOnTheSameThread)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(filledOnTheSameThread);
        Schema = schema;
        starts = new int[schema.Fields.Count];
        lengths = new int[schema.Fields.Count];
        text = new char[256];
        Scratch = filledOnTheSameThread.Scratch;
    }

    public CanonicalEntitySchema Schema { get; }

    /// <summary>The row hash, byte for byte what <see cref="RowHash.Of(string?[])"/> gives for the record's values.</summary>
    public UInt128 Hash { get; private set; }

    /// <summary>
    /// The source hash of the row last hashed with <see cref="RowMapper.HashSource"/> (its mapping's identity and the raw text of every
    /// column the mapping reads): kept across <see cref="RowMapper.TryFingerprint"/>, so a landed row stores it beside its row hash.
    /// </summary>
    public UInt128 SourceHash { get; private set; }

    /// <summary>The record's key, as <see cref="CanonicalRecord.Key"/> would be.</summary>
    public ReadOnlySpan<char> Key => text.AsSpan(keyStart, keyLength);

    internal RowScratch Scratch { get; }

    /// <summary>Whether field <paramref name="field"/> is empty (<c>null</c> in the record).</summary>
    public bool IsNull(int field) => lengths[field] < 0;

    /// <summary>The canonical text of field <paramref name="field"/> (empty when <see cref="IsNull"/>).</summary>
    public ReadOnlySpan<char> Value(int field) => lengths[field] < 0 ? default : text.AsSpan(starts[field], lengths[field]);

    /// <summary>The record these values make; strings equal to the previous row's for a field are shared.</summary>
    public CanonicalRecord ToRecord() => ToRecord(lastValues ??= new string?[lengths.Length]);

    /// <summary>
    /// The record these values make; a value equal to the one <paramref name="lastValues"/> holds for its field is shared, and
    /// each new one is kept there (one array for every fingerprint a reader takes records from, so consecutive rows share).
    /// </summary>
    public CanonicalRecord ToRecord(string?[] lastValues)
    {
        ArgumentNullException.ThrowIfNull(lastValues);
        var values = new string?[lengths.Length];
        for (var i = 0; i < values.Length; i++)
        {
            if (lengths[i] < 0)
            {
                continue;
            }

            var span = text.AsSpan(starts[i], lengths[i]);
            var last = lastValues[i];
            values[i] = last is not null && span.SequenceEqual(last) ? last : (lastValues[i] = span.IsEmpty ? string.Empty : new string(span));
        }

        var keys = Schema.KeyIndexes;
        var key = keys.Count == 1 ? values[keys[0]] ?? string.Empty : new string(Key);
        return new CanonicalRecord(Schema.Entity, key, values);
    }

    internal void Reset()
    {
        Scratch.Reset();
        textLength = 0;
        lengths.AsSpan().Fill(-1);
    }

    internal void Set(int field, ReadOnlySpan<char> value)
    {
        starts[field] = Append(value);
        lengths[field] = value.Length;
    }

    /// <summary>Makes the key (the key fields joined by <c>|</c>) and the hash once every field is set.</summary>
    internal void Complete()
    {
        CompleteKey();
        Hash = RowHash.Of(text.AsSpan(0, textLength), starts, lengths);
    }

    /// <summary>
    /// Hashes <paramref name="identity"/> and the text of <paramref name="columns"/> of <paramref name="row"/> (each with its length, in
    /// two characters; a column the row lacks reads as empty, as the mapping reads it) into <see cref="SourceHash"/>, in the scratch.
    /// </summary>
    internal UInt128 HashSource(UInt128 identity, int[] columns, IRowSpans row)
    {
        var length = 8;
        foreach (var column in columns)
        {
            length += 2 + ((uint)column < (uint)row.Count ? row.Span(column).Length : 0);
        }

        Scratch.Reset();
        var room = Scratch.Take(length);
        MemoryMarshal.Write(MemoryMarshal.AsBytes(room), identity);
        var written = 8;
        foreach (var column in columns)
        {
            var value = (uint)column < (uint)row.Count ? row.Span(column) : default;
            room[written] = (char)value.Length;
            room[written + 1] = (char)(value.Length >> 16);
            value.CopyTo(room[(written + 2)..]);
            written += 2 + value.Length;
        }

        SourceHash = XxHash128.HashToUInt128(MemoryMarshal.AsBytes(room[..written]));
        Scratch.Reset();
        return SourceHash;
    }

    /// <summary>Makes the key (the key fields joined by <c>|</c>) once the key fields are set.</summary>
    internal void CompleteKey()
    {
        var keys = Schema.KeyIndexes;
        if (keys.Count == 1)
        {
            keyStart = starts[keys[0]];
            keyLength = Math.Max(lengths[keys[0]], 0);
        }
        else
        {
            var start = textLength;
            for (var i = 0; i < keys.Count; i++)
            {
                if (i > 0)
                {
                    Append("|");
                }

                Append(Value(keys[i]));
            }

            keyStart = start;
            keyLength = textLength - start;
        }
    }

    private int Append(ReadOnlySpan<char> value)
    {
        if (text.Length - textLength < value.Length)
        {
            Array.Resize(ref text, Math.Max(text.Length * 2, textLength + value.Length));
        }

        var start = textLength;
        value.CopyTo(text.AsSpan(textLength));
        textLength += value.Length;
        return start;
    }
}
