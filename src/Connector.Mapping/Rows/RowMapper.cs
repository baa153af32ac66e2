using System.Text;
using Connector.Mapping.Canonical;

namespace Connector.Mapping.Rows;

/// <summary>
/// A mapping compiled for one source header: turns a row of source values into a canonical record,
/// or says which filter left it out, or which field could not be made and why. Built once per file or
/// query by <see cref="Loading.EntityMapping.Bind"/>; per row it walks arrays (no reflection, no
/// dictionary lookups per field). Safe to share between threads.
/// </summary>
public sealed class RowMapper
{
    private readonly FieldPlan[] fields;
    private readonly RowFilter[] filters;
    private readonly int[] filterColumns;
    private readonly int[] keyIndexes;
    private readonly int fieldCount;
    private readonly FieldPlan?[] planOf;
    private readonly int[]? sourceColumns;
    private readonly UInt128 identity;

    /// <param name="sourceColumns">Every column the mapping reads (fields, transforms, filters), in the mapping's order: what <see cref="HashSource"/> hashes.</param>
    /// <param name="identity">The mapping's identity (<see cref="Loading.EntityMapping.Identity"/>), part of every source hash.</param>
    internal RowMapper(CanonicalEntitySchema schema, FieldPlan[] fields, RowFilter[] filters, int[] filterColumns, int[] keyIndexes, int[]? sourceColumns = null, UInt128 identity = default)
    {
        Schema = schema;
        this.fields = fields;
        this.filters = filters;
        this.filterColumns = filterColumns;
        this.keyIndexes = keyIndexes;
        this.sourceColumns = sourceColumns;
        this.identity = identity;
        fieldCount = schema.Fields.Count;
        planOf = new FieldPlan?[fieldCount];
        foreach (var plan in fields)
        {
            planOf[plan.Index] = plan;
        }

        CanFingerprint = fields.All(static f => f.Transforms.All(static t => t.HasSpanForm));
    }

    /// <summary>Whether <see cref="TryFingerprint"/> can map rows at all (not with a <c>lookup</c>, which depends on what landed before).</summary>
    public bool CanFingerprint { get; }

    /// <summary>Whether <see cref="HashSource"/> can hash rows: a row mapper bound to a whole mapping that can fingerprint.</summary>
    public bool CanHashSource => CanFingerprint && sourceColumns is not null;

    /// <summary>
    /// The source hash of a row (decision 139): XxHash128 over the mapping's identity and the text of every column the mapping
    /// reads, in the mapping's order (not the header's), each with its length. Two rows with the same source hash map to the same
    /// record, whatever else their files hold; set as <see cref="RowFingerprint.SourceHash"/> until the next row is hashed.
    /// </summary>
    public UInt128 HashSource(IRowSpans row, RowFingerprint fingerprint)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(fingerprint);
        if (sourceColumns is null)
        {
            throw new InvalidOperationException("This row mapper reads only a mapping's key: it has no source hash.");
        }

        return fingerprint.HashSource(identity, sourceColumns, row);
    }

    /// <summary>
    /// Maps only the key fields and <paramref name="alsoFields"/> (canonical field indexes: the fields a reference check reads) of a
    /// row into <paramref name="fingerprint"/>, no filter, rule or row hash: enough to find the key's stored source hash. <c>false</c>
    /// when they cannot be made in place (the row is then mapped whole).
    /// </summary>
    public bool TryFingerprintKey(IRowSpans row, RowFingerprint fingerprint, ReadOnlySpan<int> alsoFields)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(fingerprint);
        if (!CanFingerprint)
        {
            return false;
        }

        fingerprint.Reset();
        foreach (var index in keyIndexes)
        {
            if (planOf[index] is not { } plan || !TryFieldSpan(plan, row, fingerprint))
            {
                return false;
            }
        }

        foreach (var index in alsoFields)
        {
            if (planOf[index] is { IsKey: false } plan && !TryFieldSpan(plan, row, fingerprint))
            {
                return false;
            }
        }

        fingerprint.CompleteKey();
        return true;
    }

    public CanonicalEntitySchema Schema { get; }

    /// <summary>Maps one row; <paramref name="values"/> are in the order of the header the mapper was bound to.</summary>
    public MapResult Map(string[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        for (var i = 0; i < filters.Length; i++)
        {
            var value = Value(values, filterColumns[i]);
            if (!filters[i].Keeps(value, out var problem))
            {
                return problem is null
                    ? new MapResult(MapOutcome.Filtered, null, null, filters[i].Reason(value))
                    : MapResult.Rejected(filters[i].Column, problem);
            }
        }

        var output = new string?[fieldCount];
        for (var f = 0; f < fields.Length; f++)
        {
            var plan = fields[f];
            var value = plan.Column >= 0 ? Value(values, plan.Column)
                : plan.Columns is { } columns ? Concat(values, columns, plan.Separator)
                : plan.Constant ?? string.Empty;

            var transforms = plan.Transforms;
            for (var t = 0; t < transforms.Length; t++)
            {
                if (!transforms[t].TryApply(ref value, values, out var reason))
                {
                    return MapResult.Rejected(plan.Field.Name, reason);
                }
            }

            if (!CanonicalValue.TryNormalise(plan.Field, plan.IsKey, plan.ProducesCanonical, value, out var canonical, out var problem))
            {
                return MapResult.Rejected(plan.Field.Name, problem);
            }

            output[plan.Index] = canonical;
        }

        if (CrossFieldRules.Check(Schema.Entity, output) is { } broken)
        {
            return MapResult.Rejected(broken.Field, broken.Reason);
        }

        return new MapResult(MapOutcome.Mapped, new CanonicalRecord(Schema.Entity, Key(output), output), null, null);
    }

    /// <summary>
    /// Maps one row from its text in place into <paramref name="fingerprint"/> (key, canonical values, row hash) without making a
    /// string or a record: exactly what <see cref="Map"/> would give, when it returns <c>true</c>. <c>false</c> means "not decided
    /// here" — the row is filtered, rejected, or holds something only the string form reads — and the row is then mapped with
    /// <see cref="Map"/>, which says what became of it.
    /// </summary>
    public bool TryFingerprint(IRowSpans row, RowFingerprint fingerprint)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(fingerprint);
        if (!CanFingerprint)
        {
            return false;
        }

        fingerprint.Reset();
        for (var i = 0; i < filters.Length; i++)
        {
            var column = filterColumns[i];
            var keeps = filters[i].KeepsSpan((uint)column < (uint)row.Count ? row.Span(column) : default)
                ?? filters[i].Keeps((uint)column < (uint)row.Count ? row.Text(column) : string.Empty, out var problem) && problem is null;
            if (!keeps)
            {
                return false;
            }
        }

        for (var f = 0; f < fields.Length; f++)
        {
            if (!TryFieldSpan(fields[f], row, fingerprint))
            {
                return false;
            }
        }

        if (!CrossFieldRules.Holds(Schema.Entity, fingerprint))
        {
            return false;
        }

        fingerprint.Complete();
        return true;
    }

    /// <summary>One field of a row mapped in place into <paramref name="fingerprint"/>; <c>false</c>: not decided here.</summary>
    private static bool TryFieldSpan(FieldPlan plan, IRowSpans row, RowFingerprint fingerprint)
    {
        var scratch = fingerprint.Scratch;
        var column = plan.Column;
        ReadOnlySpan<char> value;
        if (column >= 0)
        {
            value = (uint)column < (uint)row.Count ? row.Span(column) : default;
        }
        else if (plan.Columns is { } columns)
        {
            value = Concat(row, columns, plan.Separator, scratch);
        }
        else
        {
            value = plan.Constant ?? string.Empty;
        }

        var transforms = plan.Transforms;
        for (var t = 0; t < transforms.Length; t++)
        {
            if (!transforms[t].TryApplySpan(ref value, ref column, scratch, row))
            {
                return false;
            }
        }

        if (!CanonicalValue.TryNormaliseSpan(plan.Field, plan.IsKey, plan.ProducesCanonical, value, scratch, out var canonical, out var isNull))
        {
            return false;
        }

        if (!isNull)
        {
            fingerprint.Set(plan.Index, canonical);
        }

        return true;
    }

    private static ReadOnlySpan<char> Concat(IRowSpans row, int[] columns, string separator, RowScratch scratch)
    {
        var length = 0;
        foreach (var column in columns)
        {
            length += ((uint)column < (uint)row.Count ? row.Span(column).Length : 0) + separator.Length;
        }

        var room = scratch.Take(length);
        var written = 0;
        foreach (var column in columns)
        {
            var part = (uint)column < (uint)row.Count ? row.Span(column) : default;
            if (part.IsWhiteSpace())
            {
                continue;
            }

            if (written > 0)
            {
                separator.CopyTo(room[written..]);
                written += separator.Length;
            }

            part.CopyTo(room[written..]);
            written += part.Length;
        }

        return scratch.Keep(room, written);
    }

    /// <summary>
    /// The row's key when the key fields can be made from it, whatever else is wrong with the row; <c>null</c> when they cannot.
    /// A quarantined row records it, so the letter is found (and superseded) when the corrected row lands later.
    /// </summary>
    public string? TryKey(string[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var output = new string?[fieldCount];
        foreach (var index in keyIndexes)
        {
            var plan = Array.Find(fields, f => f.Index == index);
            if (plan is null || !TryField(plan, values, out var canonical) || string.IsNullOrEmpty(canonical))
            {
                return null;
            }

            output[index] = canonical;
        }

        return Key(output);
    }

    private static bool TryField(FieldPlan plan, string[] values, out string? canonical)
    {
        canonical = null;
        var value = plan.Column >= 0 ? Value(values, plan.Column)
            : plan.Columns is { } columns ? Concat(values, columns, plan.Separator)
            : plan.Constant ?? string.Empty;
        foreach (var transform in plan.Transforms)
        {
            if (!transform.TryApply(ref value, values, out _))
            {
                return false;
            }
        }

        return CanonicalValue.TryNormalise(plan.Field, plan.IsKey, plan.ProducesCanonical, value, out canonical, out _);
    }

    private string Key(string?[] values)
    {
        if (keyIndexes.Length == 1)
        {
            return values[keyIndexes[0]] ?? string.Empty;
        }

        var key = new StringBuilder();
        for (var i = 0; i < keyIndexes.Length; i++)
        {
            if (i > 0)
            {
                key.Append('|');
            }

            key.Append(values[keyIndexes[i]]);
        }

        return key.ToString();
    }

    // A short row (the source reports those) reads as empty rather than crashing the run.
    private static string Value(string[] values, int column) =>
        (uint)column < (uint)values.Length ? values[column] ?? string.Empty : string.Empty;

    private static string Concat(string[] values, int[] columns, string separator)
    {
        var joined = new StringBuilder();
        foreach (var column in columns)
        {
            var part = Value(values, column);
            if (string.IsNullOrWhiteSpace(part))
            {
                continue;
            }

            if (joined.Length > 0)
            {
                joined.Append(separator);
            }

            joined.Append(part);
        }

        return joined.ToString();
    }
}
