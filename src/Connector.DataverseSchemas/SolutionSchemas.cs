using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;

namespace Connector.DataverseSchemas;

/// <summary>
/// Validates a solution zip's parts against Microsoft's published schemas, which Dataverse checks at import (an invalid
/// customizations.xml is refused with 0x8004801a): <c>customizations.xml</c> against <c>CustomizationsSolution.xsd</c>
/// 9.0.0.2090 (with the form, fetch, ribbon, site map and ISV config schemas it includes) and <c>[Content_Types].xml</c>
/// against the OPC content types schema. The elements real exports carry that are newer than 9.0.0.2090
/// (<see cref="NewerElements"/>, <c>Schemas/allowed-newer-elements.json</c>) are set aside while validating, and only
/// those. Microsoft publishes no schema for <c>solution.xml</c>.
/// </summary>
public static class SolutionSchemas
{
    /// <summary>The element every customizations.xml has at its root.</summary>
    public const string CustomizationsRoot = "ImportExportXml";

    /// <summary>The OPC namespace of <c>[Content_Types].xml</c>.</summary>
    public const string ContentTypesNamespace = "http://schemas.openxmlformats.org/package/2006/content-types";

    private const string ResourceFolder = "Schemas/";

    private static readonly Lazy<XmlSchemaSet> CustomizationsSchema = new(() => Compile("CustomizationsSolution.xsd"));
    private static readonly Lazy<XmlSchemaSet> ContentTypesSchema = new(() => Compile("opc-contentTypes.xsd"));
    private static readonly Lazy<IReadOnlyList<AllowedElement>> AllowList = new(LoadAllowList);
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    // A compiled XmlSchemaSet is only read while validating, but .NET does not promise that concurrent validations are safe;
    // the emulator validates imports from concurrent requests.
    private static readonly Lock Gate = new();

    /// <summary>The elements newer than the schema that real exports carry, with the exports that show them.</summary>
    public static IReadOnlyList<AllowedElement> NewerElements => AllowList.Value;

    /// <summary>
    /// Validates a customizations.xml document; an empty list means it is valid. The document is left as it was (the
    /// allowed newer elements are taken out for the validation and put back). Load it with
    /// <see cref="LoadOptions.SetLineInfo"/> to get lines in the problems.
    /// </summary>
    public static IReadOnlyList<SchemaProblem> ValidateCustomizations(XDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (document.Root is not { } root || root.Name != XName.Get(CustomizationsRoot))
        {
            return [Problem(document.Root, $"The root element must be <{CustomizationsRoot}> (no namespace), found <{document.Root?.Name.LocalName}>.")];
        }

        var setAside = SetAside(document);
        try
        {
            return Validate(document, CustomizationsSchema.Value);
        }
        finally
        {
            PutBack(setAside);
        }
    }

    /// <summary>Validates a <c>[Content_Types].xml</c> document; an empty list means it is valid.</summary>
    public static IReadOnlyList<SchemaProblem> ValidateContentTypes(XDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return Validate(document, ContentTypesSchema.Value);
    }

    /// <summary>Whether <paramref name="element"/> is one of <see cref="NewerElements"/> where real exports put it.</summary>
    public static bool IsAllowedNewerElement(XElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        return element.Parent is { } parent
            && element.Name.Namespace == XNamespace.None
            && NewerElements.Any(a => a.Element == element.Name.LocalName && a.Parent == parent.Name.LocalName);
    }

    private static List<SchemaProblem> Validate(XDocument document, XmlSchemaSet schemas)
    {
        var problems = new List<SchemaProblem>();
        lock (Gate)
        {
            document.Validate(schemas, (sender, e) =>
            {
                if (e.Severity == XmlSeverityType.Error)
                {
                    problems.Add(Problem(sender as XObject, e.Message));
                }
            });
        }

        return problems;
    }

    private static SchemaProblem Problem(XObject? at, string message)
    {
        var line = at as IXmlLineInfo;
        return line is { } info && info.HasLineInfo()
            ? new SchemaProblem(at, info.LineNumber, info.LinePosition, message)
            : new SchemaProblem(at, 0, 0, message);
    }

    /// <summary>Takes the allowed newer elements out, in document order, remembering where each was.</summary>
    private static List<(XElement Element, XElement Parent, XNode? Previous)> SetAside(XDocument document)
    {
        var found = document.Descendants().Where(IsAllowedNewerElement).ToList();
        var setAside = new List<(XElement, XElement, XNode?)>(found.Count);
        foreach (var element in found)
        {
            setAside.Add((element, element.Parent!, element.PreviousNode));
            element.Remove();
        }

        return setAside;
    }

    /// <summary>Puts the elements back, last first, so that each goes back after the node it followed.</summary>
    private static void PutBack(List<(XElement Element, XElement Parent, XNode? Previous)> setAside)
    {
        for (var i = setAside.Count - 1; i >= 0; i--)
        {
            var (element, parent, previous) = setAside[i];
            if (previous is null)
            {
                parent.AddFirst(element);
            }
            else
            {
                previous.AddAfterSelf(element);
            }
        }
    }

    private static XmlSchemaSet Compile(string file)
    {
        var resolver = new ResourceResolver();
        var schemas = new XmlSchemaSet { XmlResolver = resolver };
        var settings = new XmlReaderSettings { XmlResolver = resolver, DtdProcessing = DtdProcessing.Prohibit };
        using (var stream = Open(file))
        using (var reader = XmlReader.Create(stream, settings, new Uri(ResourceResolver.Root, file).AbsoluteUri))
        {
            schemas.Add(targetNamespace: null, reader);
        }

        schemas.Compile();
        return schemas;
    }

    private static List<AllowedElement> LoadAllowList()
    {
        using var stream = Open("allowed-newer-elements.json");
        var file = JsonSerializer.Deserialize<AllowListFile>(stream, JsonOptions)
            ?? throw new InvalidOperationException("allowed-newer-elements.json is empty");
        return [.. file.Elements];
    }

    private static Stream Open(string file) =>
        typeof(SolutionSchemas).Assembly.GetManifestResourceStream(ResourceFolder + file)
        ?? throw new InvalidOperationException($"embedded schema resource {ResourceFolder}{file} not found");

    private sealed record AllowListFile(string About, IReadOnlyList<AllowedElement> Elements);

    /// <summary>Resolves the schemas' <c>xs:include schemaLocation="…"</c> to the embedded files, and nothing else.</summary>
    private sealed class ResourceResolver : XmlResolver
    {
        public static readonly Uri Root = new("embedded-schema:///");

        public override object GetEntity(Uri absoluteUri, string? role, Type? ofObjectToReturn)
        {
            ArgumentNullException.ThrowIfNull(absoluteUri);
            return absoluteUri.Scheme == Root.Scheme
                ? Open(absoluteUri.Segments[^1])
                : throw new XmlException($"schema reference outside the embedded schemas: {absoluteUri}");
        }

        public override Uri ResolveUri(Uri? baseUri, string? relativeUri) => new(baseUri ?? Root, relativeUri ?? string.Empty);
    }
}
