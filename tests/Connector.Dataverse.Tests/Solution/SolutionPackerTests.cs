using System.IO.Compression;
using System.Xml.Linq;
using Connector.Dataverse.Solution;
using Connector.DataverseSchemas;
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
        Assert.Equal(
            ["WebResources/arc_/scripts/salesorder_credit.js", "[Content_Types].xml", "customizations.xml", "environmentvariabledefinitions/arc_OrderEnforcement/environmentvariabledefinition.xml", "solution.xml"],
            archive.Entries.Select(e => e.FullName));
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
        Assert.Equal(
            ["Entities", "Roles", "Workflows", "FieldSecurityProfiles", "Templates", "EntityMaps", "EntityRelationships", "OrganizationSettings", "optionsets", "Dashboards", "WebResources", "CustomControls", "SdkMessageProcessingSteps", "ServiceEndpoints", "AppModuleSiteMaps", "AppModules", "EntityDataProviders", "Languages"],
            root.Elements().Select(e => e.Name.LocalName));
        Assert.Equal(
            [("tables", 4), ("columns", 54), ("keys", 3), ("views", 17), ("forms", 4), ("charts", 2), ("dashboards", 1), ("security roles", 3), ("apps", 1), ("environment variables", 1),
             ("relationships", 2), ("field security profiles", 2), ("web resources", 1), ("service endpoints", 2), ("steps", 4)],
            packed.Components());
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
        // The sdkmessage rows' well-known ids: Create and Update.
        var messages = new Dictionary<Guid, string> { [Guid.Parse("9ebdbb1b-ea3e-db11-86a7-000a3a5473e8")] = "Create", [Guid.Parse("20bebb1b-ea3e-db11-86a7-000a3a5473e8")] = "Update" };
        var endpointPaths = endpoints.ToDictionary(e => Guid.Parse((string)e.Attribute("ServiceEndpointId")!), e => new Uri((string)e.Element("Url")!).AbsolutePath);
        var steps = root.Element("SdkMessageProcessingSteps")!.Elements("SdkMessageProcessingStep")
            .Select(s => (Message: messages[Guid.Parse((string)s.Element("SdkMessageId")!)], Stage: (string?)s.Element("Stage"), Mode: (string?)s.Element("Mode"), Filter: (string?)s.Element("FilteringAttributes"),
                Image: (string?)s.Element("SdkMessageProcessingStepImages")?.Element("SdkMessageProcessingStepImage")?.Element("Attributes"),
                Handler: endpointPaths[Guid.Parse((string)s.Element("EventHandler")!)], HandlerType: (string?)s.Element("EventHandlerTypeCode")))
            .Order()
            .ToList();
        Assert.Equal(
            [
                ("Create", "10", "0", "", null, "/dataverse/orders/check", "4618"),
                ("Create", "40", "1", "", null, "/dataverse/orders/changed", "4618"),
                ("Update", "10", "0", "customerid,totalamount,transactioncurrencyid", "customerid,totalamount,transactioncurrencyid,exchangerate,totalamount_base", "/dataverse/orders/check", "4618"),
                ("Update", "40", "1", "customerid,totalamount,transactioncurrencyid", "customerid,totalamount,transactioncurrencyid,exchangerate,totalamount_base", "/dataverse/orders/changed", "4618"),
            ],
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

    [Theory]
    [InlineData(SolutionPackageType.Unmanaged)]
    [InlineData(SolutionPackageType.Managed)]
    public async Task PackAsync_Twice_GivesByteIdenticalZips(SolutionPackageType type)
    {
        using var first = new MemoryStream();
        using var second = new MemoryStream();

        await SolutionPacker.PackAsync(PackageFolder.Shipped, first, type, CancellationToken.None);
        await SolutionPacker.PackAsync(PackageFolder.Shipped, second, type, CancellationToken.None);

        Assert.Equal(first.ToArray(), second.ToArray());
    }

    [Fact]
    public async Task PackAsync_ComponentThisPackerCannotPack_IsRejectedByName()
    {
        using var package = PackageFolder.Copy();
        Directory.CreateDirectory(package.File("Workflows"));
        File.WriteAllText(package.File("Workflows/Notify-collector.xaml"), "<Activity />");
        using var zip = new MemoryStream();

        var error = await Assert.ThrowsAsync<SolutionPackageException>(() => SolutionPacker.PackAsync(package.Path, zip, CancellationToken.None));

        Assert.Equal("Workflows/Notify-collector.xaml", error.File);
        Assert.Equal(0, zip.Length);
    }

    [Theory]
    [InlineData(SolutionPackageType.Unmanaged)]
    [InlineData(SolutionPackageType.Managed)]
    public async Task PackAsync_ShippedPackage_CustomizationsAndContentTypesValidateAgainstMicrosoftsSchemas(SolutionPackageType type)
    {
        using var zip = new MemoryStream();

        await SolutionPacker.PackAsync(PackageFolder.Shipped, zip, type, CancellationToken.None);

        // Read back from the zip's bytes, as Dataverse would: nothing of the packer's in-memory document is reused.
        zip.Position = 0;
        using var archive = new ZipArchive(zip, ZipArchiveMode.Read);
        var customizations = Part(archive, "customizations.xml", LoadOptions.SetLineInfo);
        Assert.Empty(SolutionSchemas.ValidateCustomizations(customizations).Select(p => $"line {p.Line}: {p.Message}"));

        // What was validated includes the Receivables app's parts, not only the tables.
        var root = customizations.Root!;
        Assert.Equal(
            (3, 1, 1, 1, 4, 2),
            (root.Element("Roles")!.Elements("Role").Count(), root.Element("Dashboards")!.Elements("Dashboard").Count(), root.Element("AppModules")!.Elements("AppModule").Count(),
             root.Element("AppModuleSiteMaps")!.Elements("AppModuleSiteMap").Count(), root.Descendants("systemform").Count(), root.Descendants("visualization").Count()));
        var contentTypes = Part(archive, "[Content_Types].xml");
        Assert.Empty(SolutionSchemas.ValidateContentTypes(contentTypes).Select(p => p.Message));
        XNamespace ns = SolutionSchemas.ContentTypesNamespace;
        var declared = contentTypes.Root!.Elements(ns + "Default").Select(d => "." + (string)d.Attribute("Extension")!).ToList();
        Assert.All(archive.Entries.Where(e => e.FullName != "[Content_Types].xml"), e => Assert.Contains(Path.GetExtension(e.FullName), declared));
    }

    [Fact]
    public async Task PackAsync_Managed_SetsManagedInSolutionXmlAndChangesNothingElse()
    {
        using var unmanaged = new MemoryStream();
        using var managed = new MemoryStream();

        await SolutionPacker.PackAsync(PackageFolder.Shipped, unmanaged, CancellationToken.None);
        var packed = await SolutionPacker.PackAsync(PackageFolder.Shipped, managed, SolutionPackageType.Managed, CancellationToken.None);

        using var before = new ZipArchive(unmanaged, ZipArchiveMode.Read);
        using var after = new ZipArchive(managed, ZipArchiveMode.Read);
        Assert.Equal(SolutionPackageType.Managed, packed.PackageType);
        Assert.Equal(("0", "1"), (Part(before, "solution.xml").Root!.Element("SolutionManifest")!.Element("Managed")!.Value, Part(after, "solution.xml").Root!.Element("SolutionManifest")!.Element("Managed")!.Value));
        Assert.Equal(before.Entries.Select(e => e.FullName), after.Entries.Select(e => e.FullName));
        foreach (var name in before.Entries.Select(e => e.FullName).Where(n => n != "solution.xml"))
        {
            Assert.Equal(Bytes(before, name), Bytes(after, name));
        }
    }

    [Fact]
    public async Task PackAsync_NewTables_CarryTheSixSystemViewsAndTheirReceivablesView()
    {
        using var zip = new MemoryStream();

        await SolutionPacker.PackAsync(PackageFolder.Shipped, zip, CancellationToken.None);

        zip.Position = 0;
        using var archive = new ZipArchive(zip, ZipArchiveMode.Read);
        var entities = Part(archive, "customizations.xml").Root!.Element("Entities")!.Elements("Entity").ToDictionary(e => e.Element("Name")!.Value);
        foreach (var (table, logical, plural) in new[] { ("arc_OpenItem", "arc_openitem", "Open Items"), ("arc_Payment", "arc_payment", "Payments") })
        {
            var views = entities[table].Element("SavedQueries")!.Element("savedqueries")!.Elements("savedquery").ToList();
            Assert.Equal(["0", "0", "0", "1", "2", "4", "64"], views.Select(v => v.Element("querytype")!.Value).Order(StringComparer.Ordinal));
            Assert.All(views, v => Assert.Equal(logical, (string?)v.Element("fetchxml")!.Element("fetch")!.Element("entity")!.Attribute("name")));
            Assert.Contains(views, v => v.Element("LocalizedNames")!.Element("LocalizedName")!.Attribute("description")!.Value == $"Active {plural}" && v.Element("isdefault")!.Value == "1");
            Assert.Single(views, v => v.Element("isquickfindquery")!.Value == "1");
        }
    }

    [Fact]
    public async Task PackAsync_ElementTheSchemaRejects_IsRefusedNamingFileLineAndWhatWasExpected()
    {
        using var package = PackageFolder.Copy();
        package.Edit("Entities/arc_Payment/Entity.xml", "<AccuracySource>2</AccuracySource>", "<AccuracySource>2</AccuracySource><Precision>2</Precision>");
        var line = File.ReadAllLines(package.File("Entities/arc_Payment/Entity.xml")).ToList().FindIndex(l => l.Contains("<Precision>", StringComparison.Ordinal)) + 1;
        using var zip = new MemoryStream();

        var error = await Assert.ThrowsAsync<SolutionSchemaException>(() => SolutionPacker.PackAsync(package.Path, zip, CancellationToken.None));

        Assert.Equal("customizations.xml does not validate against CustomizationsSolution.xsd (9.0.0.2090): 3 problems (above); no zip was written", error.Message);
        var first = error.Problems[0];
        Assert.Equal(("Entities/arc_Payment/Entity.xml", line), (first.File, first.Line));
        Assert.StartsWith("The element 'attribute' has invalid child element 'Precision'. List of possible elements expected: '", first.Message, StringComparison.Ordinal);
        Assert.Contains("displaynames", first.Message, StringComparison.Ordinal);
        Assert.Equal(0, zip.Length);
    }

    [Fact]
    public async Task PackAsync_ViewTheSchemaRejects_NamesTheViewsFile()
    {
        using var package = PackageFolder.Copy();
        var view = SolutionPackage.XmlFiles(package.Path, "Entities/arc_OpenItem/SavedQueries")[0];
        package.Edit(view, "<querytype>", "<viewtype>1</viewtype><querytype>");

        var error = await Assert.ThrowsAsync<SolutionSchemaException>(() => SolutionPacker.PackAsync(package.Path, new MemoryStream(), CancellationToken.None));

        var problem = Assert.Single(error.Problems);
        Assert.Equal(view, problem.File);
        Assert.Contains("'viewtype'", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PackAsync_ComponentWithoutItsPlaceholder_IsRejectedNamingBoth()
    {
        using var package = PackageFolder.Copy();
        package.Edit("Other/Customizations.xml", "  <ServiceEndpoints />\n", string.Empty);

        var error = await Assert.ThrowsAsync<SolutionPackageException>(() => SolutionPacker.PackAsync(package.Path, new MemoryStream(), CancellationToken.None));

        Assert.Equal("Other/Customizations.xml", error.File);
        Assert.Matches("^Other/Customizations.xml: line \\d+: <ImportExportXml> has no <ServiceEndpoints /> placeholder for PluginAssemblies/ServiceEndpoints.xml ", error.Message);
    }

    [Fact]
    public async Task PackAsync_ViewsWithoutTheSavedQueriesPlaceholder_AreRejected()
    {
        using var package = PackageFolder.Copy();
        package.Edit("Entities/arc_Payment/Entity.xml", "  <SavedQueries />\n", string.Empty);

        var error = await Assert.ThrowsAsync<SolutionPackageException>(() => SolutionPacker.PackAsync(package.Path, new MemoryStream(), CancellationToken.None));

        Assert.Matches("^Entities/arc_Payment/Entity.xml: line \\d+: <Entity> has no <SavedQueries /> placeholder for Entities/arc_Payment/SavedQueries/\\{[0-9a-f-]+\\}.xml ", error.Message);
    }

    [Fact]
    public async Task PackAsync_StepMissingFromRootComponents_IsRejectedNamingWhatToAdd()
    {
        using var package = PackageFolder.Copy();
        package.Edit("Other/Solution.xml", "      <RootComponent type=\"92\" id=\"{3d8b2e4a-9f63-4c7d-8a5b-2b4e8f0c6d33}\" behavior=\"0\" />\n", string.Empty);

        var error = await Assert.ThrowsAsync<SolutionPackageException>(() => SolutionPacker.PackAsync(package.Path, new MemoryStream(), CancellationToken.None));

        Assert.Matches("^Other/Solution.xml: line \\d+: <RootComponents> does not list SdkMessageProcessingSteps/\\{3d8b2e4a-9f63-4c7d-8a5b-2b4e8f0c6d33\\}.xml: add <RootComponent type=\"92\" id=\"\\{3d8b2e4a-9f63-4c7d-8a5b-2b4e8f0c6d33\\}\" behavior=\"0\" />$", error.Message);
    }

    [Theory]
    [InlineData("      <RootComponent type=\"20\" id=\"{51d66c82-fe9b-46eb-8d29-b8c7f5766f82}\" behavior=\"0\" />\n", "Roles/Collector.xml", "<RootComponent type=\"20\" id=\"\\{51d66c82-fe9b-46eb-8d29-b8c7f5766f82\\}\" behavior=\"0\" />")]
    [InlineData("      <RootComponent type=\"80\" schemaName=\"arc_Receivables\" behavior=\"0\" />\n", "AppModules/arc_Receivables/AppModule.xml", "<RootComponent type=\"80\" schemaName=\"arc_Receivables\" behavior=\"0\" />")]
    [InlineData("      <RootComponent type=\"62\" schemaName=\"arc_Receivables\" behavior=\"0\" />\n", "AppModuleSiteMaps/arc_Receivables/AppModuleSiteMap.xml", "<RootComponent type=\"62\" schemaName=\"arc_Receivables\" behavior=\"0\" />")]
    [InlineData("      <RootComponent type=\"380\" schemaName=\"arc_OrderEnforcement\" behavior=\"0\" />\n", "environmentvariabledefinitions/arc_OrderEnforcement/environmentvariabledefinition.xml", "<RootComponent type=\"380\" schemaName=\"arc_OrderEnforcement\" behavior=\"0\" />")]
    [InlineData("      <RootComponent type=\"60\" id=\"{16d968e8-f111-4b10-a48c-b9c3aa1881e9}\" behavior=\"0\" />\n", "Dashboards/\\{16d968e8-f111-4b10-a48c-b9c3aa1881e9\\}.xml", "<RootComponent type=\"60\" id=\"\\{16d968e8-f111-4b10-a48c-b9c3aa1881e9\\}\" behavior=\"0\" />")]
    [InlineData("      <RootComponent type=\"26\" id=\"{9fb8dfd3-9c78-45ad-ba6e-ec1c1aba4108}\" behavior=\"0\" />\n", "Entities/SalesOrder/SavedQueries/\\{9fb8dfd3-9c78-45ad-ba6e-ec1c1aba4108\\}.xml", "<RootComponent type=\"26\" id=\"\\{9fb8dfd3-9c78-45ad-ba6e-ec1c1aba4108\\}\" behavior=\"0\" />")]
    public async Task PackAsync_AppComponentMissingFromRootComponents_IsRejectedNamingWhatToAdd(string line, string file, string add)
    {
        using var package = PackageFolder.Copy();
        package.Edit("Other/Solution.xml", line, string.Empty);

        var error = await Assert.ThrowsAsync<SolutionPackageException>(() => SolutionPacker.PackAsync(package.Path, new MemoryStream(), CancellationToken.None));

        Assert.Matches($"^Other/Solution.xml: line \\d+: <RootComponents> does not list {file}: add {add}$", error.Message);
    }

    [Fact]
    public async Task PackAsync_ViewOfANewTableListedAsRootComponent_IsRejected()
    {
        using var package = PackageFolder.Copy();
        package.Edit("Other/Solution.xml", "    </RootComponents>", "      <RootComponent type=\"26\" id=\"{da4ba9da-e370-4207-bad8-9d85de6ac6b8}\" behavior=\"0\" />\n    </RootComponents>");

        var error = await Assert.ThrowsAsync<SolutionPackageException>(() => SolutionPacker.PackAsync(package.Path, new MemoryStream(), CancellationToken.None));

        Assert.EndsWith("names nothing this package defines", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PackAsync_AppInAFolderNamedOtherwise_IsRejectedNamingTheFolderItBelongsIn()
    {
        using var package = PackageFolder.Copy();
        Directory.Move(package.File("AppModules/arc_Receivables"), package.File("AppModules/Receivables"));

        var error = await Assert.ThrowsAsync<SolutionPackageException>(() => SolutionPacker.PackAsync(package.Path, new MemoryStream(), CancellationToken.None));

        Assert.Matches("^AppModules/Receivables/AppModule.xml: line \\d+: 'arc_Receivables' must be in AppModules/arc_Receivables/AppModule.xml", error.Message);
    }

    [Fact]
    public async Task PackAsync_RootComponentNamingNothingInThePackage_IsRejected()
    {
        using var package = PackageFolder.Copy();
        package.Edit("Other/Solution.xml", "    </RootComponents>", "      <RootComponent type=\"61\" schemaName=\"arc_/scripts/gone.js\" behavior=\"0\" />\n    </RootComponents>");

        var error = await Assert.ThrowsAsync<SolutionPackageException>(() => SolutionPacker.PackAsync(package.Path, new MemoryStream(), CancellationToken.None));

        Assert.Matches("^Other/Solution.xml: line \\d+: <RootComponent type=\"61\" schemaName=\"arc_/scripts/gone.js\" behavior=\"0\" /> names nothing this package defines$", error.Message);
    }

    [Fact]
    public async Task PackAsync_StepWhoseMessageIsAName_IsRejected()
    {
        using var package = PackageFolder.Copy();
        package.Edit("SdkMessageProcessingSteps/{1b6f0c2e-7d41-4a5b-8e39-0f2c6d8a4b11}.xml", "<SdkMessageId>9ebdbb1b-ea3e-db11-86a7-000a3a5473e8</SdkMessageId>", "<SdkMessageId>Create</SdkMessageId>");

        var error = await Assert.ThrowsAsync<SolutionPackageException>(() => SolutionPacker.PackAsync(package.Path, new MemoryStream(), CancellationToken.None));

        Assert.Matches("^SdkMessageProcessingSteps/\\{1b6f0c2e-7d41-4a5b-8e39-0f2c6d8a4b11\\}.xml: line \\d+: <SdkMessageId> must be the id of the sdkmessage row \\(a GUID\\), got 'Create'$", error.Message);
    }

    [Fact]
    public async Task PackAsync_FormsInTheirTypeFolder_AreMergedAndTheManagedZipTakesTheManagedVariant()
    {
        using var package = PackageFolder.Copy();
        Directory.Delete(package.File("Entities/arc_Payment/FormXml/main"), recursive: true);
        Directory.CreateDirectory(package.File("Entities/arc_Payment/FormXml/main"));
        File.WriteAllText(package.File("Entities/arc_Payment/FormXml/main/{6a0f3c52-1e8b-4d2a-9f7c-3b5e8d1a4c60}.xml"), Form("Information"));
        File.WriteAllText(package.File("Entities/arc_Payment/FormXml/main/{6a0f3c52-1e8b-4d2a-9f7c-3b5e8d1a4c60}_managed.xml"), Form("Information (managed)"));
        using var unmanaged = new MemoryStream();
        using var managed = new MemoryStream();

        await SolutionPacker.PackAsync(package.Path, unmanaged, CancellationToken.None);
        await SolutionPacker.PackAsync(package.Path, managed, SolutionPackageType.Managed, CancellationToken.None);

        string FormName(MemoryStream zip)
        {
            zip.Position = 0;
            using var archive = new ZipArchive(zip, ZipArchiveMode.Read);
            var payment = Part(archive, "customizations.xml").Root!.Element("Entities")!.Elements("Entity").Single(e => e.Element("Name")!.Value == "arc_Payment");
            var forms = Assert.Single(payment.Element("FormXml")!.Elements("forms"));
            Assert.Equal("main", (string?)forms.Attribute("type"));
            return Assert.Single(forms.Elements("systemform")).Element("LocalizedNames")!.Element("LocalizedName")!.Attribute("description")!.Value;
        }

        Assert.Equal(("Information", "Information (managed)"), (FormName(unmanaged), FormName(managed)));
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

    [Fact]
    public async Task PackAsync_ManagedFormWithoutItsForm_IsRejectedByName()
    {
        using var package = PackageFolder.Copy();
        Directory.CreateDirectory(package.File("Entities/arc_Payment/FormXml/main"));
        File.WriteAllText(package.File("Entities/arc_Payment/FormXml/main/{6a0f3c52-1e8b-4d2a-9f7c-3b5e8d1a4c60}_managed.xml"), Form("Information (managed)"));

        var error = await Assert.ThrowsAsync<SolutionPackageException>(() => SolutionPacker.PackAsync(package.Path, new MemoryStream(), SolutionPackageType.Managed, CancellationToken.None));

        Assert.Equal("Entities/arc_Payment/FormXml/main/{6a0f3c52-1e8b-4d2a-9f7c-3b5e8d1a4c60}_managed.xml", error.File);
    }

    private static XDocument Part(ZipArchive archive, string name, LoadOptions options = LoadOptions.None)
    {
        using var stream = archive.GetEntry(name)!.Open();
        return XDocument.Load(stream, options);
    }

    private static byte[] Bytes(ZipArchive archive, string name)
    {
        using var stream = archive.GetEntry(name)!.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>A minimal main form as SolutionPackager unpacks one (root &lt;forms&gt;, one &lt;systemform&gt;).</summary>
    private static string Form(string name) => $$"""
        <?xml version="1.0" encoding="utf-8"?>
        <forms xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
          <systemform>
            <formid>{6a0f3c52-1e8b-4d2a-9f7c-3b5e8d1a4c60}</formid>
            <IntroducedVersion>1.0.0.0</IntroducedVersion>
            <FormPresentation>1</FormPresentation>
            <FormActivationState>1</FormActivationState>
            <form>
              <tabs>
                <tab name="general" id="{0c7d5e2a-8b41-4f3e-a6d9-2e1b7c4f8a03}" verticallayout="true">
                  <labels>
                    <label description="General" languagecode="1033" />
                  </labels>
                  <columns>
                    <column width="100%">
                      <sections>
                        <section name="payment" id="{5d2e8f1b-3a6c-4b9d-8e7f-1c4a2b6d9e05}">
                          <labels>
                            <label description="Payment" languagecode="1033" />
                          </labels>
                          <rows>
                            <row>
                              <cell id="{9b3f6a2d-4c8e-4d1a-b7e5-6f2c8a1d3b07}">
                                <labels>
                                  <label description="Payment Number" languagecode="1033" />
                                </labels>
                                <control id="arc_paymentnumber" classid="{4273EDBD-AC1D-40d3-9FB2-095C621B552D}" datafieldname="arc_paymentnumber" />
                              </cell>
                            </row>
                          </rows>
                        </section>
                      </sections>
                    </column>
                  </columns>
                </tab>
              </tabs>
            </form>
            <IsCustomizable>1</IsCustomizable>
            <CanBeDeleted>1</CanBeDeleted>
            <LocalizedNames>
              <LocalizedName description="{{name}}" languagecode="1033" />
            </LocalizedNames>
          </systemform>
        </forms>
        """;
}
