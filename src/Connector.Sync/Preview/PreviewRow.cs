using Connector.Mapping.Canonical;

namespace Connector.Sync.Preview;

/// <summary>How a previewed record compares with the ledger, without writing anything.</summary>
public enum PreviewChange
{
    /// <summary>Not mapped: filtered out or rejected.</summary>
    None,
    New,
    Changed,
    Unchanged,
}

/// <summary>One source row beside what the mapping makes of it, and what landing it would change.</summary>
public sealed record PreviewRow(
    long Line,
    IReadOnlyList<KeyValuePair<string, string>> Source,
    CanonicalRecord? Record,
    string? Field,
    string? Problem,
    bool Filtered,
    PreviewChange Change,
    IReadOnlyList<string> ChangedFields);

/// <summary>The preview of a file: its rows, and a problem with the file as a whole if there is one.</summary>
public sealed record PreviewResult(CanonicalEntitySchema Schema, IReadOnlyList<PreviewRow> Rows, string? UnitProblem);
