using System.IO.Compression;
using System.Xml;
using System.Xml.Linq;

namespace Connector.Emulators.Dataverse.Solutions;

/// <summary>The three parts every solution zip carries, parsed; errors name the part and element.</summary>
internal sealed class SolutionZipParts
{
    public const string SolutionPart = "solution.xml";
    public const string CustomizationsPart = "customizations.xml";
    public const string ContentTypesPart = "[Content_Types].xml";

    private SolutionZipParts(XDocument solution, XDocument customizations, string customizationsText, IReadOnlyList<XDocument> environmentVariables)
    {
        Solution = solution;
        Customizations = customizations;
        CustomizationsText = customizationsText;
        EnvironmentVariables = environmentVariables;
    }

    /// <summary>The environment variable definitions (<c>environmentvariabledefinitions/&lt;name&gt;/environmentvariabledefinition.xml</c>).</summary>
    public IReadOnlyList<XDocument> EnvironmentVariables { get; }

    public XDocument Solution { get; }

    public XDocument Customizations { get; }

    /// <summary>customizations.xml as it is in the zip, to show where a schema problem is.</summary>
    public string CustomizationsText { get; }

    public static SolutionZipParts Read(Stream zip)
    {
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"solution file: not a zip archive ({e.Message})", e);
        }

        using (archive)
        {
            Part(archive, ContentTypesPart, "Types");
            var solution = Part(archive, SolutionPart, "ImportExportXml");
            var (customizations, text) = PartWithText(archive, CustomizationsPart, "ImportExportXml");
            var variables = archive.Entries
                .Where(e => e.FullName.StartsWith("environmentvariabledefinitions/", StringComparison.OrdinalIgnoreCase) && e.FullName.EndsWith("/environmentvariabledefinition.xml", StringComparison.OrdinalIgnoreCase))
                .OrderBy(e => e.FullName, StringComparer.Ordinal)
                .Select(e => Part(archive, e.FullName, "environmentvariabledefinition"))
                .ToList();
            return new SolutionZipParts(solution, customizations, text, variables);
        }
    }

    public static XElement Required(XElement parent, string name, string part) =>
        parent.Element(name) ?? throw Error(part, parent, $"<{parent.Name.LocalName}> has no <{name}>");

    public static string RequiredText(XElement parent, string name, string part)
    {
        var text = Required(parent, name, part).Value.Trim();
        return text.Length > 0 ? text : throw Error(part, parent, $"<{parent.Name.LocalName}>: <{name}> is empty");
    }

    public static InvalidDataException Error(string part, XObject at, string message)
    {
        var line = ((IXmlLineInfo)at).HasLineInfo() ? $"line {((IXmlLineInfo)at).LineNumber}: " : string.Empty;
        return new InvalidDataException($"{part}: {line}{message}");
    }

    private static XDocument Part(ZipArchive archive, string name, string root) => PartWithText(archive, name, root).Document;

    private static (XDocument Document, string Text) PartWithText(ZipArchive archive, string name, string root)
    {
        // Entry names are matched without regard to case: exports write Solution.xml as solution.xml, tools vary.
        var entry = archive.Entries.FirstOrDefault(e => string.Equals(e.FullName, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidDataException($"solution zip: missing part {name}");
        XDocument document;
        string text;
        try
        {
            using (var reader = new StreamReader(entry.Open()))
            {
                text = reader.ReadToEnd();
            }

            document = XDocument.Parse(text, LoadOptions.SetLineInfo);
        }
        catch (XmlException e)
        {
            throw new InvalidDataException($"{name}: line {e.LineNumber}: not well-formed XML: {e.Message.Split('\n')[0].Trim()}", e);
        }

        return document.Root!.Name.LocalName == root
            ? (document, text)
            : throw Error(name, document.Root, $"expected root element <{root}>, found <{document.Root.Name.LocalName}>");
    }
}
