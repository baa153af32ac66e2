using System.Text;
using System.Text.RegularExpressions;
using Connector.Mapping.Canonical;
using Connector.Mapping.Loading;
using Connector.Mapping.Rows;

namespace Connector.Mapping.Tests.Rows;

/// <summary>
/// The in-place mapping a re-ingest compares hashes with must give exactly what the string mapping gives: the same key,
/// canonical values and row hash for every row it decides, and "not decided" (never a different answer) for the rest.
/// </summary>
public sealed partial class RowFingerprintTests
{
    public static TheoryData<string, string> SampleExports => new()
    {
        { "mappings", "samples/erp" },
        { "mappings/examples/sap-fi-ar", "mappings/examples/sap-fi-ar/sample" },
    };

    [Theory]
    [MemberData(nameof(SampleExports))]
    public void TryFingerprint_SampleExportRowsAndVariants_GivesWhatMapGives(string mappingsFolder, string samplesFolder)
    {
        var root = RepositoryRoot();
        var load = MappingLoader.LoadDirectory(Path.Combine(root, mappingsFolder));
        Assert.True(load.IsValid, string.Join(Environment.NewLine, load.Problems));
        var compared = 0;
        var decided = 0;
        foreach (var mapping in load.Mappings!.Mappings)
        {
            var csv = mapping.Source.Csv!;
            var pattern = new Regex("^" + Regex.Escape(csv.Pattern).Replace(@"\*", ".*", StringComparison.Ordinal) + "$", RegexOptions.None, TimeSpan.FromSeconds(1));
            var file = Directory.GetFiles(Path.Combine(root, samplesFolder)).SingleOrDefault(f => pattern.IsMatch(Path.GetFileName(f)));
            if (file is null)
            {
                continue;
            }

            var encoding = csv.Encoding == "utf-8" ? Encoding.UTF8 : CodePagesEncoding(csv.Encoding);
            var lines = File.ReadAllLines(file, encoding);
            var header = Split(lines[0], csv.Delimiter).Select(static h => h.Trim().Trim('\uFEFF')).ToArray();
            var mapper = mapping.Bind(header).Mapper!;
            var fingerprint = new RowFingerprint(mapper.Schema);
            foreach (var line in lines.Skip(1).Where(static l => l.Length > 0))
            {
                var values = Split(line, csv.Delimiter);
                foreach (var variant in Variants(values))
                {
                    compared++;
                    decided += Compare(mapper, fingerprint, variant) ? 1 : 0;
                }
            }

            // Every clean sample row of a mapping without lookups is decided in place (not left to the string form).
            if (mapper.CanFingerprint)
            {
                var clean = lines.Skip(1).Where(static l => l.Length > 0).Select(l => Split(l, csv.Delimiter)).Count(v => mapper.Map(v).Outcome == MapOutcome.Mapped);
                var inPlace = lines.Skip(1).Where(static l => l.Length > 0).Select(l => Split(l, csv.Delimiter)).Count(v => mapper.TryFingerprint(new ArrayRow(v), fingerprint));
                Assert.True(clean == inPlace, $"{mapping.Schema.Name}: {clean} rows mapped, {inPlace} fingerprinted");
            }
        }

        Assert.True(compared > 1000, $"only {compared} rows compared");
        Assert.True(decided > compared / 4, $"only {decided} of {compared} rows decided in place");
    }

    [Theory]
    [MemberData(nameof(SampleExports))]
    public void TryFingerprint_RowsKeptAtOnceSharingOneScratchFromCopies_EachKeepsWhatItsRowMapsTo(string mappingsFolder, string samplesFolder)
    {
        var root = RepositoryRoot();
        var load = MappingLoader.LoadDirectory(Path.Combine(root, mappingsFolder));
        Assert.True(load.IsValid, string.Join(Environment.NewLine, load.Problems));
        var kept = 0;
        foreach (var mapping in load.Mappings!.Mappings)
        {
            var csv = mapping.Source.Csv!;
            var pattern = new Regex("^" + Regex.Escape(csv.Pattern).Replace(@"\*", ".*", StringComparison.Ordinal) + "$", RegexOptions.None, TimeSpan.FromSeconds(1));
            var file = Directory.GetFiles(Path.Combine(root, samplesFolder)).SingleOrDefault(f => pattern.IsMatch(Path.GetFileName(f)));
            if (file is null)
            {
                continue;
            }

            var encoding = csv.Encoding == "utf-8" ? Encoding.UTF8 : CodePagesEncoding(csv.Encoding);
            var lines = File.ReadAllLines(file, encoding);
            var header = Split(lines[0], csv.Delimiter).Select(static h => h.Trim().Trim('\uFEFF')).ToArray();
            var mapper = mapping.Bind(header).Mapper!;
            if (!mapper.CanFingerprint)
            {
                continue;
            }

            // As rows mapped ahead are kept: each in its own fingerprint, all sharing one scratch, mapped from a copy of the row's text.
            var owner = new RowFingerprint(mapper.Schema);
            var rows = lines.Skip(1).Where(static l => l.Length > 0).Select(l => Split(l, csv.Delimiter)).ToList();
            var results = new List<(RowFingerprint Fingerprint, bool Made, CopiedRowSpans Copy)>();
            foreach (var values in rows)
            {
                var copy = new CopiedRowSpans();
                copy.CopyFrom(new ArrayRow(values));
                var fingerprint = new RowFingerprint(mapper.Schema, owner);
                results.Add((fingerprint, mapper.TryFingerprint(copy, fingerprint), copy));
            }

            var alone = new RowFingerprint(mapper.Schema);
            for (var i = 0; i < rows.Count; i++)
            {
                var (fingerprint, made, copy) = results[i];
                Assert.Equal(rows[i], Enumerable.Range(0, copy.Count).Select(copy.Text));
                Assert.Equal(mapper.TryFingerprint(new ArrayRow(rows[i]), alone), made);
                if (made)
                {
                    kept++;
                    Assert.Equal(alone.Key.ToString(), fingerprint.Key.ToString());
                    Assert.Equal(alone.Hash, fingerprint.Hash);
                    Assert.Equal(mapper.Map(rows[i]).Record!.Values, fingerprint.ToRecord(new string?[mapper.Schema.Fields.Count]).Values);
                }
            }
        }

        Assert.True(kept > 20, $"only {kept} rows kept");
    }

    [Fact]
    public void RowHash_OfValuesInOneText_IsTheHashOfTheStrings()
    {
        string?[] values = ["INV-1", null, "", "Zürich 😀", "2026-11-28", null];
        var text = new StringBuilder();
        var starts = new int[values.Length];
        var lengths = new int[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            starts[i] = text.Length;
            lengths[i] = values[i]?.Length ?? -1;
            text.Append(values[i]);
        }

        Assert.Equal(RowHash.Of(values), RowHash.Of(text.ToString(), starts, lengths));
    }

    /// <summary>True when the row was decided in place; fails the test when that answer differs from the string mapping's.</summary>
    private static bool Compare(RowMapper mapper, RowFingerprint fingerprint, string[] values)
    {
        var mapped = mapper.Map(values);
        if (!mapper.TryFingerprint(new ArrayRow(values), fingerprint))
        {
            return false;
        }

        var row = string.Join(" | ", values);
        Assert.True(mapped.Outcome == MapOutcome.Mapped, $"fingerprinted a row Map gives {mapped.Outcome} ({mapped.Reason}): {row}");
        var record = mapped.Record!;
        Assert.Equal(record.Key, fingerprint.Key.ToString());
        Assert.Equal(RowHash.Of(record.Values), fingerprint.Hash);
        var made = fingerprint.ToRecord();
        Assert.Equal(record.Key, made.Key);
        Assert.Equal(record.Values, made.Values);
        return true;
    }

    /// <summary>The row, and the row with each column padded, lower- and upper-cased, emptied, and made nonsense in turn.</summary>
    private static IEnumerable<string[]> Variants(string[] values)
    {
        yield return values;
        for (var i = 0; i < values.Length; i++)
        {
            foreach (var changed in (string[])[$"  {values[i]} ", values[i].ToLowerInvariant(), values[i].ToUpperInvariant(), "", "   ", "x", "0" + values[i], "31.02.2026", "-1.234,5"])
            {
                var variant = (string[])values.Clone();
                variant[i] = changed;
                yield return variant;
            }
        }
    }

    /// <summary>One CSV line split as RFC 4180 does (quoted fields, doubled quotes), for the sample files (no line breaks in fields).</summary>
    private static string[] Split(string line, char delimiter)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (c == delimiter)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return [.. fields];
    }

    private static Encoding CodePagesEncoding(string name)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(name);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Connector.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Connector.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>A row of strings seen in place, as a CSV reader's buffer is.</summary>
    private sealed class ArrayRow(string[] values) : IRowSpans
    {
        public int Count => values.Length;

        public ReadOnlySpan<char> Span(int column) => (uint)column < (uint)values.Length ? values[column] : default;

        public string Text(int column) => (uint)column < (uint)values.Length ? values[column] : string.Empty;
    }
}
