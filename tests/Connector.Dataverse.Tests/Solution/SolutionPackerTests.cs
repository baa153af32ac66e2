using System.IO.Compression;
using System.Xml.Linq;
using Connector.Dataverse.Solution;
using Connector.Emulators.Dataverse.Metadata;
using Connector.Emulators.Dataverse.Solutions;

namespace Connector.Dataverse.Tests.Solution;

public sealed class SolutionPackerTests
{
    [Fact]
    public async Task PackAsync_ShippedPackage_WritesTheThreePartsInOrder()
    {
        using var zip = new MemoryStream();

        var packed = await SolutionPacker.PackAsync(PackageFolder.Shipped, zip, CancellationToken.None);

        zip.Position = 0;
        using var archive = new ZipArchive(zip, ZipArchiveMode.Read);
        Assert.Equal(["WebResources/arc_/scripts/salesorder_credit.js", "[Content_Types].xml", "customizations.xml", "solution.xml"], archive.Entries.Select(e => e.FullName));
        Assert.Equal(archive.Entries.Select(e => e.FullName), packed.Entries.Select(e => e.Name));
        Assert.Equal(zip.Length, packed.ZipLength);
        Assert.All(archive.Entries, e => Assert.Equal(new DateTime(2000, 1, 1), e.LastWriteTime.DateTime));
        var contentTypes = Part(archive, "[Content_Types].xml").Root!;
        XNamespace ns = "http://schemas.openxmlformats.org/package/2006/content-types";
        Assert.Equal(ns + "Types", contentTypes.Name);
        Assert.Equal(("xml", "application/octet-stream"), ((string?)contentTypes.Element(ns + "Default")?.Attribute("Extension"), (string?)contentTypes.Element(ns + "Default")?.Attribute("ContentType")));
        Assert.Equal("ReceivablesConnector", Part(archive, "solution.xml").Root!.Element("SolutionManifest")!.Element("UniqueName")!.Value);
    }

    [Fact]
    public async Task PackAsync_ShippedPackage_MergesComponentsIntoCustomizations()
    {
        using var zip = new MemoryStream();

        var packed = await SolutionPacker.PackAsync(PackageFolder.Shipped, zip, CancellationToken.None);

        zip.Position = 0;
        using var archive = new ZipArchive(zip, ZipArchiveMode.Read);
        var root = Part(archive, "customizations.xml").Root!;
        Assert.Equal(["Account", "SalesOrder", "arc_OpenItem", "arc_Payment"], root.Element("Entities")!.Elements("Entity").Select(e => e.Element("Name")!.Value));
        Assert.Equal(["arc_openitem_AccountId_account", "arc_payment_AccountId_account"], root.Element("EntityRelationships")!.Elements("EntityRelationship").Select(e => (string?)e.Attribute("Name")));
        Assert.Equal(2, root.Element("FieldSecurityProfiles")!.Elements("FieldSecurityProfile").Count());
        Assert.Equal("1033", root.Element("Languages")!.Element("Language")!.Value);
        Assert.Equal([("tables", 4), ("columns", 50), ("keys", 3), ("relationships", 2), ("field security profiles", 2), ("web resources", 1), ("service endpoints", 2), ("steps", 4)], packed.Components());
    }

    [Fact]
    public async Task PackAsync_ShippedPackage_CarriesTheFormScriptAndTheOrderWebhooks()
    {
        using var zip = new MemoryStream();

        await SolutionPacker.PackAsync(PackageFolder.Shipped, zip, CancellationToken.None);

        zip.Position = 0;
        using var archive = new ZipArchive(zip, ZipArchiveMode.Read);
        var root = Part(archive, "customizations.xml").Root!;
        var script = Assert.Single(root.Element("WebResources")!.Elements("WebResource"));
        Assert.Equal(("arc_/scripts/salesorder_credit.js", "3", "/WebResources/arc_/scripts/salesorder_credit.js"), ((string?)script.Element("Name"), (string?)script.Element("WebResourceType"), (string?)script.Element("FileName")));
        using (var content = new StreamReader(archive.GetEntry("WebResources/arc_/scripts/salesorder_credit.js")!.Open()))
        {
            Assert.Equal(await File.ReadAllTextAsync(Path.Combine(PackageFolder.RepositoryRoot, "solution-package", "WebResources", "arc_", "scripts", "salesorder_credit.js")), await content.ReadToEndAsync());
        }

        var endpoints = root.Element("ServiceEndpoints")!.Elements("ServiceEndpoint").ToList();
        Assert.All(endpoints, e => Assert.Equal(("8", "5", "2"), ((string?)e.Element("Contract"), (string?)e.Element("AuthType"), (string?)e.Element("MessageFormat"))));
        Assert.All(endpoints, e => Assert.Null(e.Element("AuthValue")));
        Assert.Equal(["/dataverse/orders/changed", "/dataverse/orders/check"], endpoints.Select(e => new Uri((string)e.Element("Url")!).AbsolutePath).Order(StringComparer.Ordinal));
        var steps = root.Element("SdkMessageProcessingSteps")!.Elements("SdkMessageProcessingStep")
            .Select(s => (Message: (string?)s.Element("SdkMessageName"), Stage: (string?)s.Element("Stage"), Mode: (string?)s.Element("Mode"), Filter: (string?)s.Element("FilteringAttributes"),
                Image: (string?)s.Element("SdkMessageProcessingStepImages")?.Element("SdkMessageProcessingStepImage")?.Element("Attributes")))
            .Order()
            .ToList();
        Assert.Equal(
            [("Create", "10", "0", "", null), ("Create", "40", "1", "", null), ("Update", "10", "0", "customerid,totalamount", "customerid,totalamount"), ("Update", "40", "1", "customerid,totalamount", "customerid,totalamount")],
            steps);
        XNamespace ns = "http://schemas.openxmlformats.org/package/2006/content-types";
        Assert.Equal(["xml", "js"], Part(archive, "[Content_Types].xml").Root!.Elements(ns + "Default").Select(d => (string?)d.Attribute("Extension")));
    }

    [Fact]
    public async Task PackAsync_WebResourceFileNameNotItsContent_IsRejected()
    {
        using var package = PackageFolder.Copy();
        package.Edit("WebResources/arc_/scripts/salesorder_credit.js.data.xml", "<FileName>/WebResources/arc_/scripts/salesorder_credit.js</FileName>", "<FileName>/WebResources/other.js</FileName>");
        using var zip = new MemoryStream();

        var error = await Assert.ThrowsAsync<SolutionPackageException>(() => SolutionPacker.PackAsync(package.Path, zip, CancellationToken.None));

        Assert.Equal("WebResources/arc_/scripts/salesorder_credit.js.data.xml", error.File);
        Assert.Contains("<FileName>", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PackAsync_Twice_GivesByteIdenticalZips()
    {
        using var first = new MemoryStream();
        using var second = new MemoryStream();

        await SolutionPacker.PackAsync(PackageFolder.Shipped, first, CancellationToken.None);
        await SolutionPacker.PackAsync(PackageFolder.Shipped, second, CancellationToken.None);

        Assert.Equal(first.ToArray(), second.ToArray());
    }

    [Fact]
    public async Task PackAsync_ComponentThisPackerCannotPack_IsRejectedByName()
    {
        using var package = PackageFolder.Copy();
        Directory.CreateDirectory(package.File("Entities/Account/FormXml/main"));
        File.WriteAllText(package.File("Entities/Account/FormXml/main/form.xml"), "<forms />");
        using var zip = new MemoryStream();

        var error = await Assert.ThrowsAsync<SolutionPackageException>(() => SolutionPacker.PackAsync(package.Path, zip, CancellationToken.None));

        Assert.Equal("Entities/Account/FormXml/main/form.xml", error.File);
        Assert.Equal(0, zip.Length);
    }

    [Fact]
    public async Task PackAsync_ImportedByTheEmulator_GivesTheTablesTheSolutionDefines()
    {
        using var zip = new MemoryStream();
        await SolutionPacker.PackAsync(PackageFolder.Shipped, zip, CancellationToken.None);
        zip.Position = 0;

        var content = SolutionImporter.Read(zip);

        Assert.Equal(("ReceivablesConnector", "1.0.0.0"), (content.UniqueName, content.Version));
        var account = content.Tables.Single(t => t.LogicalName == "account");
        Assert.True(account.ChangeTrackingEnabled);
        Assert.False(account.IsCustomEntity);
        var key = Assert.Single(account.Keys);
        Assert.Equal(("arc_accountnumber_key", KeyIndexStatus.Pending), (key.SchemaName, key.Status));
        Assert.Equal(["accountnumber"], key.KeyAttributes);
        Assert.Equal(ColumnType.Money, account.Columns.Single(c => c.LogicalName == "arc_arbalance").Type);
        Assert.Equal([472_000_000, 472_000_001, 472_000_002, 472_000_003], account.Columns.Single(c => c.LogicalName == "arc_riskclass").Options!);
        Assert.True(account.Columns.Single(c => c.LogicalName == "arc_manualhold").IsSecured);
        var item = content.Tables.Single(t => t.LogicalName == "arc_openitem");
        Assert.Equal(("arc_openitems", "arc_openitemid", "arc_documentnumber", true), (item.EntitySetName, item.PrimaryIdAttribute, item.PrimaryNameAttribute, item.IsCustomEntity));
        var lookup = item.Columns.Single(c => c.LogicalName == "arc_accountid");
        Assert.Equal((ColumnType.Lookup, "arc_AccountId"), (lookup.Type, lookup.SchemaName));
        Assert.Equal(["account"], lookup.Targets!);
        Assert.Equal(KeyIndexStatus.Pending, item.Keys.Single().Status);
        Assert.Equal(100, item.Columns.Single(c => c.LogicalName == "arc_documentnumber").MaxLength);
        Assert.Equal(4, content.Components["Entities"]);
        Assert.Equal(2, content.Components["EntityRelationships"]);
        Assert.Equal(2, content.Components["FieldSecurityProfiles"]);
        Assert.Equal(1, content.Components["WebResources"]);
        Assert.Equal(2, content.Components["ServiceEndpoints"]);
        Assert.Equal(4, content.Components["SdkMessageProcessingSteps"]);
    }

    private static XDocument Part(ZipArchive archive, string name)
    {
        using var stream = archive.GetEntry(name)!.Open();
        return XDocument.Load(stream);
    }
}
