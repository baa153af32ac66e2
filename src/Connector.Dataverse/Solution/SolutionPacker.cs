using System.IO.Compression;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Connector.Dataverse.Solution;

/// <summary>
/// Builds the importable zip from the unpacked folder, as <c>pac solution pack</c> would for the parts this package
/// uses: <c>solution.xml</c> (Other/Solution.xml), <c>customizations.xml</c> (Other/Customizations.xml with every
/// Entity.xml, relationship, field security profile, global choice, web resource definition
/// (<c>WebResources/**/*.data.xml</c>), service endpoint (<c>ServiceEndpoints/*.xml</c>) and step
/// (<c>SdkMessageProcessingSteps/*.xml</c>) merged inline), each web resource's content at its <c>&lt;FileName&gt;</c>,
/// and <c>[Content_Types].xml</c>.
/// Deterministic: the same folder gives a byte-identical zip (entries sorted, fixed timestamps, fixed compression),
/// so a release can be rebuilt and compared.
/// </summary>
public static class SolutionPacker
{
    public const string SolutionEntry = "solution.xml";
    public const string CustomizationsEntry = "customizations.xml";
    public const string ContentTypesEntry = "[Content_Types].xml";

    /// <summary>Every entry's timestamp: the zip format cannot store dates before 1980, and any fixed value keeps builds identical.</summary>
    private static readonly DateTimeOffset FixedTimestamp = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly XmlWriterSettings WriterSettings = new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Indent = true,
        IndentChars = "  ",
        NewLineChars = "\r\n",
        NewLineHandling = NewLineHandling.Replace,
    };

    /// <summary>
    /// Checks the folder (<see cref="SolutionPackage.Load"/>), then writes the zip to <paramref name="output"/>.
    /// Throws <see cref="SolutionPackageException"/> naming the file at fault, including files this packer does not
    /// know how to pack (forms, views, web resources: use <c>pac solution pack</c> for those).
    /// </summary>
    public static async Task<PackedSolution> PackAsync(string folder, Stream output, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentNullException.ThrowIfNull(output);
        var model = SolutionPackage.Load(folder);
        RejectUnsupportedFiles(folder);
        cancellationToken.ThrowIfCancellationRequested();

        var entries = new SortedDictionary<string, byte[]>(StringComparer.Ordinal)
        {
            [SolutionEntry] = Serialize(PackageXml.Load(folder, SolutionPackage.SolutionFile).Document),
            [CustomizationsEntry] = Serialize(Customizations(folder)),
        };
        foreach (var resource in WebResourceFiles(folder))
        {
            entries[resource.Entry] = await File.ReadAllBytesAsync(Path.Combine(folder, resource.Content.Replace('/', Path.DirectorySeparatorChar)), cancellationToken);
        }

        entries[ContentTypesEntry] = Serialize(ContentTypes(entries.Keys));

        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, bytes) in entries)
            {
                var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
                entry.LastWriteTime = FixedTimestamp;
                using var stream = entry.Open();
                stream.Write(bytes);
            }
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(output, cancellationToken);
        var customizations = XDocument.Parse(Encoding.UTF8.GetString(entries[CustomizationsEntry])).Root!;
        int Count(string section, string element) => customizations.Element(section)?.Elements(element).Count() ?? 0;
        return new PackedSolution(model, [.. entries.Select(e => new PackedEntry(e.Key, e.Value.Length))], buffer.Length)
        {
            WebResources = Count("WebResources", "WebResource"),
            ServiceEndpoints = Count("ServiceEndpoints", "ServiceEndpoint"),
            Steps = Count("SdkMessageProcessingSteps", "SdkMessageProcessingStep"),
        };
    }

    /// <summary>Other/Customizations.xml with the component files merged into their sections.</summary>
    private static XDocument Customizations(string folder)
    {
        var document = PackageXml.Load(folder, SolutionPackage.CustomizationsFile).Document;
        var root = document.Root!;
        var entities = Section(root, "Entities");
        foreach (var relative in SolutionPackage.EntityFiles(folder))
        {
            entities.Add(Inline(PackageXml.Load(folder, relative).Root));
        }

        var relationships = Section(root, "EntityRelationships");
        foreach (var relative in SolutionPackage.XmlFiles(folder, "Other/Relationships"))
        {
            relationships.Add(PackageXml.Load(folder, relative).Root.Elements("EntityRelationship").Select(Inline));
        }

        if (File.Exists(Path.Combine(folder, "Other", "FieldSecurityProfiles.xml")))
        {
            Section(root, "FieldSecurityProfiles").Add(PackageXml.Load(folder, SolutionPackage.FieldSecurityProfilesFile).Root.Elements("FieldSecurityProfile").Select(Inline));
        }

        var optionSets = Section(root, "optionsets");
        foreach (var relative in SolutionPackage.XmlFiles(folder, "OptionSets"))
        {
            optionSets.Add(Inline(PackageXml.Load(folder, relative).Root));
        }

        var webResources = Section(root, "WebResources");
        foreach (var resource in WebResourceFiles(folder))
        {
            webResources.Add(Inline(resource.Definition));
        }

        Merge(folder, root, "ServiceEndpoints", "ServiceEndpoint");
        Merge(folder, root, "SdkMessageProcessingSteps", "SdkMessageProcessingStep");
        return document;
    }

    /// <summary>Every <c>&lt;folder&gt;/*.xml</c> (root <c>&lt;element&gt;</c>) into the section of the same name.</summary>
    private static void Merge(string folder, XElement root, string section, string element)
    {
        var files = SolutionPackage.XmlFiles(folder, section);
        if (files.Count == 0)
        {
            return;
        }

        var target = Section(root, section);
        foreach (var relative in files)
        {
            target.Add(Inline(PackageXml.Load(folder, relative).ExpectRoot(element).Root));
        }
    }

    /// <summary>
    /// <c>WebResources/&lt;name&gt;.data.xml</c> (the definition, root <c>&lt;WebResource&gt;</c>) next to
    /// <c>WebResources/&lt;name&gt;</c> (the content), as <c>pac solution unpack</c> writes them; the content goes into the
    /// zip at the definition's <c>&lt;FileName&gt;</c>, which must name that file.
    /// </summary>
    private static List<(XElement Definition, string Content, string Entry)> WebResourceFiles(string folder)
    {
        var result = new List<(XElement, string, string)>();
        var path = Path.Combine(folder, "WebResources");
        if (!Directory.Exists(path))
        {
            return result;
        }

        foreach (var file in Directory.GetFiles(path, "*.data.xml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/');
            var xml = PackageXml.Load(folder, relative).ExpectRoot("WebResource");
            var content = relative[..^".data.xml".Length];
            var fileName = xml.RequiredText(xml.Root, "FileName");
            if (!string.Equals(fileName, "/" + content, StringComparison.Ordinal))
            {
                throw xml.Error(xml.Root, $"<FileName> must be /{content} (the content file next to this definition), got '{fileName}'");
            }

            if (!File.Exists(Path.Combine(folder, content.Replace('/', Path.DirectorySeparatorChar))))
            {
                throw new SolutionPackageException(content, "file not found (the content of web resource " + xml.RequiredText(xml.Root, "Name") + ")");
            }

            result.Add((xml.Root, content, content));
        }

        return result;
    }

    /// <summary>
    /// The OPC content types part every solution zip carries: one Default per extension in the zip. Dataverse exports
    /// declare xml parts as application/octet-stream (observed in exported zips; not in Microsoft's docs); web
    /// resources are declared the same way (unconfirmed).
    /// </summary>
    private static XDocument ContentTypes(IEnumerable<string> entries)
    {
        XNamespace ns = "http://schemas.openxmlformats.org/package/2006/content-types";
        var extensions = entries
            .Select(e => Path.GetExtension(e).TrimStart('.').ToLowerInvariant())
            .Where(e => e.Length > 0 && e != "xml")
            .Distinct()
            .Order(StringComparer.Ordinal);
        return new XDocument(new XElement(
            ns + "Types",
            extensions.Prepend("xml").Select(e => new XElement(ns + "Default", new XAttribute("Extension", e), new XAttribute("ContentType", "application/octet-stream")))));
    }

    private static XElement Section(XElement root, string name)
    {
        if (root.Element(name) is { } section)
        {
            return section;
        }

        section = new XElement(name);
        if (root.Element("Languages") is { } languages)
        {
            languages.AddBeforeSelf(section);
        }
        else
        {
            root.Add(section);
        }

        return section;
    }

    /// <summary>A copy without its own namespace declarations: the customizations root declares xsi once.</summary>
    private static XElement Inline(XElement element)
    {
        var copy = new XElement(element);
        copy.Attributes().Where(a => a.IsNamespaceDeclaration).Remove();
        return copy;
    }

    private static byte[] Serialize(XDocument document)
    {
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, WriterSettings))
        {
            document.Save(writer);
        }

        return stream.ToArray();
    }

    private static void RejectUnsupportedFiles(string folder)
    {
        foreach (var path in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(folder, path).Replace(Path.DirectorySeparatorChar, '/');
            if (!IsPacked(relative) && !IsIgnored(relative))
            {
                throw new SolutionPackageException(relative, "this kind of component is not packed by 'connector solution pack' (tables, relationships, field security profiles, global choices, web resources, service endpoints and steps are); use 'pac solution pack' for it");
            }
        }
    }

    private static bool IsIgnored(string relative) =>
        relative.Split('/').Any(part => part.StartsWith('.')) || (!relative.Contains('/', StringComparison.Ordinal) && relative.EndsWith(".md", StringComparison.OrdinalIgnoreCase));

    private static bool IsPacked(string relative)
    {
        var parts = relative.Split('/');
        return relative is SolutionPackage.SolutionFile or SolutionPackage.CustomizationsFile or SolutionPackage.FieldSecurityProfilesFile or "Other/Relationships.xml"
            || (parts.Length == 3 && parts[0] == "Other" && parts[1] == "Relationships" && parts[2].EndsWith(".xml", StringComparison.OrdinalIgnoreCase))
            || (parts.Length == 3 && parts[0] == "Entities" && parts[2] == "Entity.xml")
            || (parts.Length == 2 && parts[0] is "OptionSets" or "ServiceEndpoints" or "SdkMessageProcessingSteps" && parts[1].EndsWith(".xml", StringComparison.OrdinalIgnoreCase))
            || (parts.Length >= 2 && parts[0] == "WebResources");
    }
}

/// <summary>What <see cref="SolutionPacker.PackAsync"/> wrote.</summary>
/// <param name="Model">The checked package.</param>
/// <param name="Entries">The zip's entries, in order, with their uncompressed sizes.</param>
/// <param name="ZipLength">The zip's size in bytes.</param>
public sealed record PackedSolution(SolutionModel Model, IReadOnlyList<PackedEntry> Entries, long ZipLength)
{
    /// <summary>Web resources packed (form scripts).</summary>
    public int WebResources { get; init; }

    /// <summary>Service endpoints packed (the connector's webhooks).</summary>
    public int ServiceEndpoints { get; init; }

    /// <summary>SDK message processing steps packed (webhook registrations).</summary>
    public int Steps { get; init; }

    /// <summary>Components by kind, for the pack report: tables, columns, keys, relationships, field security profiles.</summary>
    public IReadOnlyList<(string Kind, int Count)> Components() =>
    [
        ("tables", Model.Tables.Count),
        ("columns", Model.Tables.Sum(t => t.Columns.Count)),
        ("keys", Model.Tables.Sum(t => t.Keys.Count)),
        ("relationships", Model.Relationships.Count),
        ("field security profiles", Model.FieldSecurityProfiles.Count),
        ("web resources", WebResources),
        ("service endpoints", ServiceEndpoints),
        ("steps", Steps),
    ];
}

/// <summary>One zip entry: its name and uncompressed size.</summary>
public sealed record PackedEntry(string Name, long Length);
