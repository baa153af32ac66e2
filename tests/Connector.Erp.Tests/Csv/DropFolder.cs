using System.Text;
using Connector.Erp.Csv;
using Connector.Mapping.Rows;
using Connector.Mapping.Sources;
using Connector.Sync.Ports;
using Connector.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Connector.Erp.Tests.Csv;

/// <summary>A real drop folder in a temp directory, with helpers to drop files and read them through the source.</summary>
internal sealed class DropFolder : IDisposable
{
    private readonly TempDirectory directory = new("connector-erp-");

    public DropFolder()
    {
        Time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
        Source = new CsvDropSource(directory.Path, TimeSpan.Zero, Time);
    }

    public string Path => directory.Path;

    public string Archive => System.IO.Path.Combine(directory.Path, CsvDropSource.ArchiveFolderName);

    public FakeTimeProvider Time { get; }

    public CsvDropSource Source { get; }

    public static SourceSpec Spec(string pattern = "*.csv", char delimiter = ',', string encoding = "utf-8", int skipLines = 0) =>
        new(new CsvSourceSpec { Pattern = pattern, Delimiter = delimiter, Encoding = encoding, SkipLines = skipLines }, null);

    public string Drop(string name, string text, Encoding? encoding = null, DateTime? written = null) =>
        Drop(name, (encoding ?? new UTF8Encoding(false)).GetBytes(text), written);

    public string Drop(string name, byte[] bytes, DateTime? written = null)
    {
        var file = directory.File(name);
        File.WriteAllBytes(file, bytes);
        if (written is { } time)
        {
            File.SetLastWriteTimeUtc(file, time);
        }

        return file;
    }

    public async Task<ISourceUnit> SingleUnitAsync(SourceSpec? spec = null)
    {
        var units = await Source.DiscoverAsync("invoices", spec ?? Spec(), CancellationToken.None);
        return Assert.Single(units);
    }

    /// <summary>Drops <paramref name="bytes"/> as the only file and reads every row of it.</summary>
    public async Task<Read> ReadAsync(byte[] bytes, SourceSpec? spec = null, string? checkpoint = null)
    {
        Drop("export.csv", bytes);
        var unit = await SingleUnitAsync(spec);
        using var reader = await unit.OpenAsync(checkpoint, CancellationToken.None);
        return new Read(reader.Header, reader.Problem, [.. reader.Rows], reader);
    }

    public Task<Read> ReadAsync(string text, SourceSpec? spec = null, string? checkpoint = null) =>
        ReadAsync(new UTF8Encoding(false).GetBytes(text), spec, checkpoint);

    public void Dispose() => directory.Dispose();

    internal sealed record Read(IReadOnlyList<string> Header, string? Problem, IReadOnlyList<SourceRow> Rows, ISourceReader Reader);
}
