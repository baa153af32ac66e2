using System.IO.Compression;
using System.Text;
using Connector.Emulators.Dataverse.Metadata;
using Connector.Emulators.Dataverse.Solutions;

namespace Connector.Emulators.Tests.Dataverse.Solutions;

public sealed class SolutionImporterTests
{
    private const string ContentTypes = """<?xml version="1.0" encoding="utf-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/octet-stream" /></Types>""";

    private const string Manifest = """
        <ImportExportXml version="9.2.0.0" SolutionPackageVersion="9.2" languagecode="1033">
          <SolutionManifest>
            <UniqueName>Widgets</UniqueName>
            <Version>2.1.0.0</Version>
            <Managed>0</Managed>
            <Publisher><UniqueName>w</UniqueName><CustomizationPrefix>wid</CustomizationPrefix><CustomizationOptionValuePrefix>10000</CustomizationOptionValuePrefix></Publisher>
            <RootComponents><RootComponent type="1" schemaName="wid_gadget" behavior="0" /></RootComponents>
          </SolutionManifest>
        </ImportExportXml>
        """;

    /// <summary>A standard table extended (account: a column, a key, change tracking) and a new one with a lookup to it.</summary>
    internal const string Customizations = """
        <ImportExportXml xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
          <Entities>
            <Entity>
              <Name LocalizedName="Account" OriginalName="Account">Account</Name>
              <EntityInfo>
                <entity Name="Account">
                  <attributes>
                    <attribute PhysicalName="wid_Score"><Type>int</Type><Name>wid_score</Name><LogicalName>wid_score</LogicalName><IsSecured>0</IsSecured></attribute>
                    <attribute PhysicalName="wid_Note"><Type>ntext</Type><Name>wid_note</Name><LogicalName>wid_note</LogicalName><IsSecured>1</IsSecured><MaxLength>2000</MaxLength></attribute>
                  </attributes>
                  <EntityKeys>
                    <EntityKey><Name>wid_accountnumber_key</Name><LogicalName>wid_accountnumber_key</LogicalName><EntityKeyAttributes><AttributeName>accountnumber</AttributeName></EntityKeyAttributes></EntityKey>
                  </EntityKeys>
                  <EntitySetName>accounts</EntitySetName>
                  <ChangeTrackingEnabled>1</ChangeTrackingEnabled>
                </entity>
              </EntityInfo>
            </Entity>
            <Entity>
              <Name LocalizedName="Gadget" OriginalName="Gadget">wid_Gadget</Name>
              <EntityInfo>
                <entity Name="wid_Gadget">
                  <attributes>
                    <attribute PhysicalName="wid_GadgetId"><Type>primarykey</Type><Name>wid_gadgetid</Name><LogicalName>wid_gadgetid</LogicalName></attribute>
                    <attribute PhysicalName="wid_Code"><Type>nvarchar</Type><Name>wid_code</Name><LogicalName>wid_code</LogicalName><DisplayMask>PrimaryName|ValidForForm</DisplayMask><MaxLength>40</MaxLength></attribute>
                    <attribute PhysicalName="wid_AccountId"><Type>lookup</Type><Name>wid_accountid</Name><LogicalName>wid_accountid</LogicalName><LookupStyle>single</LookupStyle><LookupTypes /></attribute>
                    <attribute PhysicalName="wid_Colour"><Type>picklist</Type><Name>wid_colour</Name><LogicalName>wid_colour</LogicalName>
                      <optionset Name="wid_gadget_wid_colour"><OptionSetType>picklist</OptionSetType><options>
                        <option value="100000000"><labels><label description="Red" languagecode="1033" /></labels></option>
                        <option value="100000001"><labels><label description="Blue" languagecode="1033" /></labels></option>
                      </options></optionset>
                    </attribute>
                    <attribute PhysicalName="wid_Size"><Type>picklist</Type><Name>wid_size</Name><LogicalName>wid_size</LogicalName><optionset Name="wid_size"><IsGlobal>1</IsGlobal></optionset></attribute>
                  </attributes>
                  <EntityKeys>
                    <EntityKey><Name>wid_code_key</Name><EntityKeyAttributes><AttributeName>wid_code</AttributeName></EntityKeyAttributes></EntityKey>
                  </EntityKeys>
                  <ChangeTrackingEnabled>0</ChangeTrackingEnabled>
                </entity>
              </EntityInfo>
            </Entity>
          </Entities>
          <Roles />
          <EntityRelationships>
            <EntityRelationship Name="wid_gadget_AccountId_account">
              <EntityRelationshipType>OneToMany</EntityRelationshipType>
              <ReferencingEntityName>wid_Gadget</ReferencingEntityName>
              <ReferencedEntityName>Account</ReferencedEntityName>
              <ReferencingAttributeName>wid_AccountId</ReferencingAttributeName>
            </EntityRelationship>
          </EntityRelationships>
          <optionsets>
            <optionset Name="wid_size"><OptionSetType>picklist</OptionSetType><options><option value="100000005"><labels><label description="Large" languagecode="1033" /></labels></option></options></optionset>
          </optionsets>
          <Languages><Language>1033</Language></Languages>
        </ImportExportXml>
        """;

    [Fact]
    public void Read_ExtendedAndNewTable_GivesTheirDefinitionsWithKeysPending()
    {
        var content = SolutionImporter.Read(Zip());

        Assert.Equal(("Widgets", "2.1.0.0"), (content.UniqueName, content.Version));
        var account = content.Tables.Single(t => t.LogicalName == "account");
        Assert.Equal(("accounts", true, false), (account.EntitySetName, account.ChangeTrackingEnabled, account.IsCustomEntity));
        Assert.Equal(["wid_score", "wid_note"], account.Columns.Select(c => c.LogicalName));
        Assert.Equal((ColumnType.Memo, 2000, true), (account.Columns[1].Type, account.Columns[1].MaxLength!.Value, account.Columns[1].IsSecured));
        var accountKey = Assert.Single(account.Keys);
        Assert.Equal(("wid_accountnumber_key", KeyIndexStatus.Pending), (accountKey.SchemaName, accountKey.Status));
        Assert.Equal(["accountnumber"], accountKey.KeyAttributes);

        var gadget = content.Tables.Single(t => t.LogicalName == "wid_gadget");
        Assert.Equal(("wid_gadgets", "wid_gadgetid", "wid_code", false, true), (gadget.EntitySetName, gadget.PrimaryIdAttribute, gadget.PrimaryNameAttribute, gadget.ChangeTrackingEnabled, gadget.IsCustomEntity));
        var lookup = gadget.Columns.Single(c => c.LogicalName == "wid_accountid");
        Assert.Equal((ColumnType.Lookup, "wid_AccountId"), (lookup.Type, lookup.SchemaNameOrLogical));
        Assert.Equal(["account"], lookup.Targets!);
        Assert.Equal([100_000_000, 100_000_001], gadget.Columns.Single(c => c.LogicalName == "wid_colour").Options!);
        Assert.Equal([100_000_005], gadget.Columns.Single(c => c.LogicalName == "wid_size").Options!);
        Assert.Equal(40, gadget.Columns.Single(c => c.LogicalName == "wid_code").MaxLength);
        Assert.Equal(KeyIndexStatus.Pending, Assert.Single(gadget.Keys).Status);
    }

    [Fact]
    public void Read_Components_AreCountedByCustomizationsSection()
    {
        var content = SolutionImporter.Read(Zip());

        Assert.Equal(new Dictionary<string, int> { ["Entities"] = 2, ["EntityRelationships"] = 1, ["optionsets"] = 1 }, content.Components);
    }

    [Theory]
    [InlineData("customizations.xml")]
    [InlineData("solution.xml")]
    [InlineData("[Content_Types].xml")]
    public void Read_PartMissing_NamesThePart(string part)
    {
        var error = Assert.Throws<InvalidDataException>(() => SolutionImporter.Read(Zip(without: part)));

        Assert.Equal($"solution zip: missing part {part}", error.Message);
    }

    [Fact]
    public void Read_MalformedCustomizations_NamesThePartAndLine()
    {
        var error = Assert.Throws<InvalidDataException>(() => SolutionImporter.Read(Zip(customizations: Customizations.Replace("</Roles>", string.Empty, StringComparison.Ordinal).Replace("<Roles />", "<Roles>", StringComparison.Ordinal))));

        Assert.StartsWith("customizations.xml: line ", error.Message, StringComparison.Ordinal);
        Assert.Contains("not well-formed XML", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ManifestWithoutVersion_NamesTheElement()
    {
        var error = Assert.Throws<InvalidDataException>(() => SolutionImporter.Read(Zip(manifest: Manifest.Replace("<Version>2.1.0.0</Version>", string.Empty, StringComparison.Ordinal))));

        Assert.Matches("^solution.xml: line \\d+: <SolutionManifest> has no <Version>$", error.Message);
    }

    [Fact]
    public void Read_AttributeOfATypeTheEmulatorDoesNotModel_NamesTableAndColumn()
    {
        var error = Assert.Throws<InvalidDataException>(() => SolutionImporter.Read(Zip(customizations: Customizations.Replace("<Type>int</Type>", "<Type>float</Type>", StringComparison.Ordinal))));

        Assert.Matches("^customizations.xml: line \\d+: account.wid_score: unsupported <Type> 'float'$", error.Message);
    }

    [Fact]
    public void Read_CustomizationsBreakingTheSchema_IsRefusedWithDataversesMessage()
    {
        var broken = Customizations.Replace("<Type>int</Type>", "<Type>int</Type><Precision>2</Precision>", StringComparison.Ordinal);

        var error = Assert.Throws<SolutionSchemaRefusedException>(() => SolutionImporter.Read(Zip(customizations: broken)));

        Assert.StartsWith("The import file is invalid. XSD validation failed with the following error: 'The element 'attribute' has invalid child element 'Precision'. List of possible elements expected: '", error.Message, StringComparison.Ordinal);
        Assert.Contains("'. The validation failed at: '...", error.Message, StringComparison.Ordinal);
        Assert.Contains("<Type>int</Type> <<<<<ERROR LOCATION>>>>> <Precision>2</Precision>", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("...'.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TypeOutsideTheSchemasList_IsRefusedBeforeItIsRead()
    {
        var error = Assert.Throws<SolutionSchemaRefusedException>(() => SolutionImporter.Read(Zip(customizations: Customizations.Replace("<Type>int</Type>", "<Type>hologram</Type>", StringComparison.Ordinal))));

        Assert.Contains("The value 'hologram' is invalid according to its datatype 'CrmDataType'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ElementsNewerThanTheSchemaThatRealExportsCarry_AreAccepted()
    {
        var current = Customizations.Replace("<Type>int</Type>", "<Type>int</Type><AutoNumberFormat /><IsSearchable>0</IsSearchable><IsFilterable>1</IsFilterable><IsRetrievable>1</IsRetrievable><IsLocalizable>0</IsLocalizable>", StringComparison.Ordinal);

        var content = SolutionImporter.Read(Zip(customizations: current));

        Assert.Contains(content.Tables.Single(t => t.LogicalName == "account").Columns, c => c.LogicalName == "wid_score");
    }

    [Fact]
    public void Read_LookupWithoutRelationship_IsRejected()
    {
        var error = Assert.Throws<InvalidDataException>(() => SolutionImporter.Read(Zip(customizations: Customizations.Replace("<ReferencingAttributeName>wid_AccountId</ReferencingAttributeName>", "<ReferencingAttributeName>wid_other</ReferencingAttributeName>", StringComparison.Ordinal))));

        Assert.Matches("^customizations.xml: line \\d+: wid_gadget.wid_accountid: lookup with no <EntityRelationship> naming its target table$", error.Message);
    }

    [Fact]
    public void Read_NotAZip_SaysSo()
    {
        var error = Assert.Throws<InvalidDataException>(() => SolutionImporter.Read(new MemoryStream(Encoding.UTF8.GetBytes("<ImportExportXml />"))));

        Assert.StartsWith("solution file: not a zip archive", error.Message, StringComparison.Ordinal);
    }

    internal static MemoryStream Zip(string manifest = Manifest, string customizations = Customizations, string? without = null)
    {
        var stream = new MemoryStream();
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, text) in new[] { ("[Content_Types].xml", ContentTypes), ("customizations.xml", customizations), ("solution.xml", manifest) })
            {
                if (name == without)
                {
                    continue;
                }

                using var writer = new StreamWriter(archive.CreateEntry(name).Open(), new UTF8Encoding(false));
                writer.Write(text);
            }
        }

        stream.Position = 0;
        return stream;
    }
}
