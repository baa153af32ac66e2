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
    private readonly FieldPlan[] _fields;
    private readonly RowFilter[] _filters;
    private readonly int[] _filterColumns;
    private readonly int[] _keyIndexes;
    private readonly int _fieldCount;

    internal RowMapper(CanonicalEntitySchema schema, FieldPlan[] fields, RowFilter[] filters, int[] filterColumns, int[] keyIndexes)
    {
        Schema = schema;
        _fields = fields;
        _filters = filters;
        _filterColumns = filterColumns;
        _keyIndexes = keyIndexes;
        _fieldCount = schema.Fields.Count;
    }

    public CanonicalEntitySchema Schema { get; }

    /// <summary>Maps one row; <paramref name="values"/> are in the order of the header the mapper was bound to.</summary>
    public MapResult Map(string[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        for (var i = 0; i < _filters.Length; i++)
        {
            var value = Value(values, _filterColumns[i]);
            if (!_filters[i].Keeps(value))
            {
                return new MapResult(MapOutcome.Filtered, null, null, _filters[i].Reason(value));
            }
        }

        var output = new string?[_fieldCount];
        for (var f = 0; f < _fields.Length; f++)
        {
            var plan = _fields[f];
            var value = plan.Column >= 0 ? Value(values, plan.Column)
                : plan.Columns is { } columns ? Concat(values, columns, plan.Separator)
                : plan.Constant ?? string.Empty;

            var transforms = plan.Transforms;
            for (var t = 0; t < transforms.Length; t++)
            {
                if (!transforms[t].TryApply(ref value, out var reason))
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

    private string Key(string?[] values)
    {
        if (_keyIndexes.Length == 1)
        {
            return values[_keyIndexes[0]] ?? string.Empty;
        }

        var key = new StringBuilder();
        for (var i = 0; i < _keyIndexes.Length; i++)
        {
            if (i > 0)
            {
                key.Append('|');
            }

            key.Append(values[_keyIndexes[i]]);
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
