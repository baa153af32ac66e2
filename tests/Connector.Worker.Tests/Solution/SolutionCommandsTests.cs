using System.Globalization;
using System.IO.Compression;
using Connector.Worker.Tests.Support;

namespace Connector.Worker.Tests.Solution;

public sealed class SolutionCommandsTests : IDisposable
{
    private readonly string temp = Directory.CreateTempSubdirectory("connector-solution-").FullName;

    private static string Package => Path.Combine(Workspace.RepositoryRoot, "solution-package");

    [Fact]
    public async Task Pack_ShippedPackage_WritesTheZipAndPrintsPathSizeAndCounts()
    {
        var zip = Path.Combine(temp, "out", "ReceivablesConnector.zip");

        var result = await InProcess.RunAsync("solution", "pack", "--out", zip, "--folder", Package);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Error);
        Assert.StartsWith(string.Create(CultureInfo.InvariantCulture, $"{zip}: {new FileInfo(zip).Length:N0} bytes, unmanaged solution ReceivablesConnector 1.0.0.0 (prefix arc)"), result.OutputLines[0], StringComparison.Ordinal);
        Assert.Contains("4 tables, 54 columns, 3 keys, 17 views, 4 forms, 2 charts, 1 dashboards, 3 security roles, 1 apps, 1 environment variables, 2 relationships, 2 field security profiles, 1 web resources, 2 service endpoints, 4 steps", result.Output, StringComparison.Ordinal);
        Assert.Contains(result.OutputLines, l => l.Contains("arc_openitem", StringComparison.Ordinal) && l.Contains("new table", StringComparison.Ordinal) && l.Contains("key arc_documentnumber_key", StringComparison.Ordinal));
        using var archive = ZipFile.OpenRead(zip);
        Assert.Equal(
            ["WebResources/arc_/scripts/salesorder_credit.js", "[Content_Types].xml", "customizations.xml", "environmentvariabledefinitions/arc_OrderEnforcement/environmentvariabledefinition.xml", "solution.xml"],
            archive.Entries.Select(e => e.FullName));
    }

    [Fact]
    public async Task Pack_Managed_WritesTheManagedZip()
    {
        var zip = Path.Combine(temp, "managed.zip");

        var result = await InProcess.RunAsync("solution", "pack", "--out", zip, "--folder", Package, "--managed");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("bytes, managed solution ReceivablesConnector 1.0.0.0", result.OutputLines[0], StringComparison.Ordinal);
        using var archive = ZipFile.OpenRead(zip);
        using var solution = new StreamReader(archive.GetEntry("solution.xml")!.Open());
        Assert.Contains("<Managed>1</Managed>", await solution.ReadToEndAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pack_ElementTheSchemaRejects_ExitsOneNamingFileLineAndExpectationAndWritesNoZip()
    {
        var folder = CopyOfPackage();
        var entity = Path.Combine(folder, "Entities", "SalesOrder", "Entity.xml");
        File.WriteAllText(entity, File.ReadAllText(entity).Replace("<EntitySetName>salesorders</EntitySetName>", "<EntitySetName>salesorders</EntitySetName><SalesOrderColor>red</SalesOrderColor>", StringComparison.Ordinal));
        var line = File.ReadAllLines(entity).ToList().FindIndex(l => l.Contains("SalesOrderColor", StringComparison.Ordinal)) + 1;
        var zip = Path.Combine(temp, "invalid.zip");

        var result = await InProcess.RunAsync("solution", "pack", "--out", zip, "--folder", folder);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(2, result.ErrorLines.Length);
        Assert.StartsWith(string.Create(CultureInfo.InvariantCulture, $"{Path.Combine(folder, "Entities/SalesOrder/Entity.xml")}: line {line}: The element 'entity' has invalid child element 'SalesOrderColor'. List of possible elements expected: '"), result.ErrorLines[0], StringComparison.Ordinal);
        Assert.Equal("customizations.xml does not validate against CustomizationsSolution.xsd (9.0.0.2090): 1 problem (above); no zip was written", result.ErrorLines[1]);
        Assert.False(File.Exists(zip));
    }

    [Fact]
    public async Task Pack_WithoutFolder_FindsTheRepositoryPackage()
    {
        var zip = Path.Combine(temp, "default.zip");

        var result = await InProcess.RunAsync("solution", "pack", "--out", zip);

        Assert.Equal(0, result.ExitCode);
        Assert.True(File.Exists(zip));
    }

    [Fact]
    public async Task Pack_MalformedEntityXml_ExitsOneWithOneLineNamingTheFile()
    {
        var folder = CopyOfPackage();
        var entity = Path.Combine(folder, "Entities", "arc_OpenItem", "Entity.xml");
        File.WriteAllText(entity, File.ReadAllText(entity).Replace("</attributes>", "</attribute>", StringComparison.Ordinal));
        var zip = Path.Combine(temp, "broken.zip");

        var result = await InProcess.RunAsync("solution", "pack", "--out", zip, "--folder", folder);

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith(Path.Combine(folder, "Entities/arc_OpenItem/Entity.xml") + ": line ", line, StringComparison.Ordinal);
        Assert.False(File.Exists(zip));
    }

    [Fact]
    public async Task Pack_WithoutOut_IsBadUsage()
    {
        var result = await InProcess.RunAsync("solution", "pack");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--out", result.Error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(temp, recursive: true);

    private string CopyOfPackage()
    {
        var folder = Path.Combine(temp, "package");
        foreach (var file in Directory.GetFiles(Package, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(folder, Path.GetRelativePath(Package, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }

        return folder;
    }
}
