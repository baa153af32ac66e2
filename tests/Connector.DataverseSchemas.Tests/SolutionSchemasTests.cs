using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Connector.DataverseSchemas.Tests;

public sealed partial class SolutionSchemasTests
{
    [Fact]
    public void ValidateCustomizations_ColumnWithTheNewerElementsRealExportsCarry_IsValid()
    {
        var document = Customizations(Column("<AutoNumberFormat /><IsSearchable>0</IsSearchable><IsFilterable>1</IsFilterable><IsRetrievable>1</IsRetrievable><IsLocalizable>0</IsLocalizable>"));

        Assert.Empty(SolutionSchemas.ValidateCustomizations(document));
    }

    [Fact]
    public void ValidateCustomizations_ElementTheSchemaDoesNotAllow_NamesLineAndWhatWasExpected()
    {
        var document = Customizations(Column("<Precision>2</Precision>"));

        var problem = Assert.Single(SolutionSchemas.ValidateCustomizations(document));

        Assert.Equal(("Precision", 9), (((XElement)problem.At!).Name.LocalName, problem.Line));
        Assert.StartsWith("The element 'attribute' has invalid child element 'Precision'. List of possible elements expected: '", problem.Message, StringComparison.Ordinal);
        Assert.Contains("Accuracy", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateCustomizations_AllowedElementUnderAnotherParent_IsStillAProblem()
    {
        // AutoNumberFormat is allowed in <attribute> only, where real exports put it.
        var document = Customizations(Column(string.Empty).Replace("<Entities>", "<Entities><AutoNumberFormat />", StringComparison.Ordinal));

        var problem = Assert.Single(SolutionSchemas.ValidateCustomizations(document));

        Assert.Contains("'AutoNumberFormat'", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateCustomizations_ValidDocument_IsLeftAsItWas()
    {
        var text = Column("<AutoNumberFormat /><IsSearchable>0</IsSearchable><Format>text</Format><IsLocalizable>0</IsLocalizable>");
        var document = Customizations(text);
        var before = document.ToString(SaveOptions.DisableFormatting);

        SolutionSchemas.ValidateCustomizations(document);

        Assert.Equal(before, document.ToString(SaveOptions.DisableFormatting));
    }

    [Fact]
    public void ValidateCustomizations_SectionsOutOfSchemaOrder_IsAProblem()
    {
        var document = XDocument.Parse("<ImportExportXml><Languages><Language>1033</Language></Languages><WebResources /></ImportExportXml>");

        var problem = Assert.Single(SolutionSchemas.ValidateCustomizations(document));

        Assert.StartsWith("The element 'ImportExportXml' has invalid child element 'WebResources'.", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateCustomizations_WrongRoot_IsAProblem()
    {
        var problem = Assert.Single(SolutionSchemas.ValidateCustomizations(XDocument.Parse("<Entities />")));

        Assert.Equal("The root element must be <ImportExportXml> (no namespace), found <Entities>.", problem.Message);
    }

    [Fact]
    public void ValidateContentTypes_DefaultWithoutContentType_IsAProblem()
    {
        var valid = XDocument.Parse($"""<Types xmlns="{SolutionSchemas.ContentTypesNamespace}"><Default Extension="xml" ContentType="application/octet-stream" /></Types>""");
        var invalid = XDocument.Parse($"""<Types xmlns="{SolutionSchemas.ContentTypesNamespace}"><Default Extension="xml" /></Types>""");

        Assert.Empty(SolutionSchemas.ValidateContentTypes(valid));
        Assert.Contains("ContentType", Assert.Single(SolutionSchemas.ValidateContentTypes(invalid)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NewerElements_EveryEntry_NamesARealExportByRepositoryPathAndCommit()
    {
        Assert.Equal(
            ["attribute/AutoNumberFormat", "attribute/IsSearchable", "attribute/IsFilterable", "attribute/IsRetrievable", "attribute/IsLocalizable", "EntityRelationship/CascadeArchive", "SdkMessageProcessingStep/SdkMessageId"],
            SolutionSchemas.NewerElements.Select(e => e.ToString()));
        Assert.All(SolutionSchemas.NewerElements, entry =>
        {
            Assert.False(string.IsNullOrWhiteSpace(entry.Why));
            Assert.NotEmpty(entry.Evidence);
            Assert.All(entry.Evidence, e =>
            {
                Assert.Matches(RepositoryName(), e.Repo);
                Assert.False(string.IsNullOrWhiteSpace(e.Path));
                Assert.Matches(CommitId(), e.Commit);
            });
        });
    }

    /// <summary>A customizations.xml with one new table whose name column carries <paramref name="extra"/> (line 9).</summary>
    private static string Column(string extra) => $"""
        <ImportExportXml xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
          <Entities>
            <Entity>
              <Name LocalizedName="Gadget" OriginalName="Gadget">wid_Gadget</Name>
              <EntityInfo>
                <entity Name="wid_Gadget">
                  <attributes>
                    <attribute PhysicalName="wid_Name">
                      <Type>nvarchar</Type><Name>wid_name</Name><LogicalName>wid_name</LogicalName>{extra}<MaxLength>100</MaxLength>
                    </attribute>
                  </attributes>
                </entity>
              </EntityInfo>
            </Entity>
          </Entities>
          <Languages><Language>1033</Language></Languages>
        </ImportExportXml>
        """;

    private static XDocument Customizations(string text) => XDocument.Parse(text, LoadOptions.SetLineInfo);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9][A-Za-z0-9_.-]*$")]
    private static partial Regex RepositoryName();

    [GeneratedRegex("^[0-9a-f]{40}$")]
    private static partial Regex CommitId();
}
