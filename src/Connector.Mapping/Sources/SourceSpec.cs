namespace Connector.Mapping.Sources;

/// <summary>Where a mapping's rows come from: a CSV drop-folder pattern, an SQL query, or both (configuration picks).</summary>
public sealed record SourceSpec(CsvSourceSpec? Csv, SqlSourceSpec? Sql);

/// <summary>The <c>source.csv</c> section of a mapping file.</summary>
public sealed record CsvSourceSpec
{
    /// <summary>A file-name pattern relative to the drop folder, <c>*</c> and <c>?</c> wildcards (<c>AR_ITEMS_*.csv</c>).</summary>
    public required string Pattern { get; init; }

    public char Delimiter { get; init; } = ',';

    public char Quote { get; init; } = '"';

    /// <summary><c>utf-8</c> (default; a BOM is honoured and removed), <c>utf-16</c>, <c>windows-1252</c>, <c>iso-8859-1</c>.</summary>
    public string Encoding { get; init; } = "utf-8";

    /// <summary>Lines before the header row (report titles some ERPs print).</summary>
    public int SkipLines { get; init; }
}

/// <summary>The <c>source.sql</c> section of a mapping file.</summary>
public sealed record SqlSourceSpec
{
    /// <summary>The query; with a watermark column it must use <c>@watermark</c> (e.g. <c>WHERE changed_at &gt; @watermark ORDER BY changed_at</c>).</summary>
    public required string Query { get; init; }

    /// <summary>The result column whose highest value becomes the next run's <c>@watermark</c>; none reads everything every run.</summary>
    public string? WatermarkColumn { get; init; }

    /// <summary>The <c>@watermark</c> of the very first run.</summary>
    public string InitialWatermark { get; init; } = "";
}
