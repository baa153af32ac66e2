namespace Connector.Worker.Output;

/// <summary>
/// A result ready to show, independent of the format: titled sections of columns and rows, notes for
/// people, and optionally a typed object that is the JSON form. A command builds one; <see cref="ReportWriter"/>
/// renders it as a table, CSV or JSON.
/// </summary>
public sealed record Report
{
    public required string Title { get; init; }

    public required IReadOnlyList<ReportSection> Sections { get; init; }

    /// <summary>Remarks shown under the tables (table format only; put warnings on stderr as well).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The JSON document (serialised with snake_case names); <c>null</c>: the sections, generically.</summary>
    public object? Json { get; init; }

    /// <summary>Charts drawn in the html form above the tables (the other formats carry the figures only).</summary>
    public IReadOnlyList<ReportChart> Charts { get; init; } = [];
}

/// <summary>One table: a title, its columns, its rows (total rows last).</summary>
public sealed record ReportSection(string? Title, IReadOnlyList<ReportColumn> Columns, IReadOnlyList<ReportRow> Rows);

/// <summary>A column: <paramref name="Key"/> is the CSV/JSON name, <paramref name="Header"/> what a person reads.</summary>
public sealed record ReportColumn(string Key, string Header, bool AlignRight = false)
{
    /// <summary>Shown in tables only, left out of CSV and generic JSON (whose columns are a contract).</summary>
    public bool TableOnly { get; init; }

    /// <summary>Written to CSV and generic JSON only, left out of tables (a long explanation a person reads elsewhere in the row).</summary>
    public bool MachineOnly { get; init; }

    public static ReportColumn Text(string key, string header) => new(key, header);

    public static ReportColumn Number(string key, string header) => new(key, header, AlignRight: true);
}

/// <summary>A row; a total row is set apart in a table and written like any other row in CSV.</summary>
public sealed record ReportRow(IReadOnlyList<Cell> Cells, bool IsTotal = false);
