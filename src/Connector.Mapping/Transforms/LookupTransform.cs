using System.Diagnostics.CodeAnalysis;
using Connector.Mapping.Canonical;
using Connector.Mapping.Lookups;

namespace Connector.Mapping.Transforms;

/// <summary>
/// <c>lookup</c>: replaces an alternate key (a customer's e-mail, VAT number, name) by the key of the
/// one known record that carries it. No match or several is a row error: a payment is never pinned on
/// a guessed customer.
/// </summary>
internal sealed class LookupTransform(CanonicalEntitySchema entity, string by, IKeyLookup? lookup = null) : Transform
{
    public override string Name => "lookup";

    public CanonicalEntitySchema Entity { get; } = entity;

    public string By { get; } = by;

    public override Transform Bind(TransformBinding binding) => new LookupTransform(Entity, By, binding.Lookup);

    /// <summary>What it finds depends on what has landed before the row, so rows with a lookup are always mapped as strings.</summary>
    internal override bool HasSpanForm => false;

    internal override bool TryApplySpan(ref ReadOnlySpan<char> value, ref int column, Rows.RowScratch scratch, Rows.IRowSpans row) => false;

    public override bool TryApply(ref string value, [NotNullWhen(false)] out string? reason)
    {
        reason = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            value = string.Empty;
            return true;
        }

        if (lookup is null)
        {
            reason = $"cannot look up {Entity.Name} by {By} here: no ledger to look in";
            return false;
        }

        var found = lookup.Find(Entity.Entity, By, value);
        if (found.Matches == 1 && found.Key is { } key)
        {
            value = key;
            return true;
        }

        reason = found.Matches == 0
            ? $"no {Entity.Name} record has {By} '{value}' (lookup)"
            : $"{found.Matches} {Entity.Name} records have {By} '{value}' (lookup needs exactly one)";
        return false;
    }
}
