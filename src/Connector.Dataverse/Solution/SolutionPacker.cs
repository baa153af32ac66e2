using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Connector.Dataverse.Solution.Components;
using Connector.DataverseSchemas;

namespace Connector.Dataverse.Solution;

/// <summary>
/// Builds the importable zip from the unpacked folder (SolutionPackager's layout, as <c>pac solution pack</c> would for the
/// kinds of component this package uses): <c>solution.xml</c> (Other/Solution.xml, with <c>&lt;Managed&gt;</c> set for the
/// package type), <c>customizations.xml</c> (Other/Customizations.xml with every <see cref="ComponentKind"/>'s components
/// merged into its placeholder section), each web resource's content at its <c>&lt;FileName&gt;</c>, and
/// <c>[Content_Types].xml</c>. Before writing anything it checks what Dataverse checks at import: customizations.xml and
/// [Content_Types].xml against Microsoft's schemas (<see cref="SolutionSchemas"/>), and Solution.xml's root components
/// against what the package defines.
/// Deterministic: the same folder gives a byte-identical zip (entries sorted, fixed timestamps, fixed compression),
/// so a release can be rebuilt and compared.
/// </summary>
public static class SolutionPacker
{
    public const string SolutionEntry = "solution.xml";
    public const string CustomizationsEntry = "customizations.xml";
    public const string ContentTypesEntry = "[Content_Types].xml";

    /// <summary>How many schema problems an error names; the message counts them all.</summary>
    public const int ProblemsShown = 10;

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

    /// <summary>Packs the unmanaged zip (<see cref="PackAsync(string, Stream, SolutionPackageType, CancellationToken)"/>).</summary>
    public static Task<PackedSolution> PackAsync(string folder, Stream output, CancellationToken cancellationToken) =>
        PackAsync(folder, output, SolutionPackageType.Unmanaged, cancellationToken);

    /// <summary>
    /// Checks the folder (<see cref="SolutionPackage.Load"/>), merges it, checks the result and writes the zip to
    /// <paramref name="output"/>. Throws <see cref="SolutionPackageException"/> naming the file at fault (including files no
    /// <see cref="ComponentKind"/> packs: use <c>pac solution pack</c> for those) and <see cref="SolutionSchemaException"/>
    /// when customizations.xml would not validate; nothing is written then.
    /// </summary>
    public static async Task<PackedSolution> PackAsync(string folder, Stream output, SolutionPackageType packageType, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentNullException.ThrowIfNull(output);
        var model = SolutionPackage.Load(folder);
        RejectUnsupportedFiles(folder);
        cancellationToken.ThrowIfCancellationRequested();

        var context = new PackContext(folder, packageType, model.Tables.Where(t => !t.IsCustom).Select(t => t.LogicalName).ToHashSet(StringComparer.OrdinalIgnoreCase));
        var sets = ComponentKind.All.Select(kind => (Kind: kind, Set: kind.Read(context))).ToList();
        var solution = PackageXml.Load(folder, SolutionPackage.SolutionFile).ExpectRoot("ImportExportXml");
        RootComponentCheck.Check(solution, [.. sets.SelectMany(s => s.Set.Roots)]);
        SetManaged(solution, packageType);

        var customizations = Customizations(folder, sets);
        ThrowIfInvalid(SolutionSchemas.ValidateCustomizations(customizations), CustomizationsEntry, "CustomizationsSolution.xsd (9.0.0.2090)", SolutionPackage.CustomizationsFile);

        var entries = new SortedDictionary<string, byte[]>(StringComparer.Ordinal)
        {
            [SolutionEntry] = Serialize(solution.Document),
            [CustomizationsEntry] = Serialize(customizations),
        };
        foreach (var part in sets.SelectMany(s => s.Set.Parts))
        {
            entries[part.Entry] = await File.ReadAllBytesAsync(context.Path(part.Source), cancellationToken);
        }

        var contentTypes = ContentTypes(entries.Keys);
        ThrowIfInvalid(SolutionSchemas.ValidateContentTypes(contentTypes), ContentTypesEntry, "the OPC content types schema", ContentTypesEntry);
        entries[ContentTypesEntry] = Serialize(contentTypes);

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
        var root = customizations.Root!;
        int Count(string section, string element) => root.Element(section)?.Elements(element).Count() ?? 0;
        return new PackedSolution(model, [.. entries.Select(e => new PackedEntry(e.Key, e.Value.Length))], buffer.Length)
        {
            PackageType = packageType,
            Views = root.Descendants("savedquery").Count(),
            Forms = root.Descendants("systemform").Count(),
            Charts = root.Descendants("visualization").Count(),
            Dashboards = Count("Dashboards", "Dashboard"),
            Roles = Count("Roles", "Role"),
            Apps = Count("AppModules", "AppModule"),
            EnvironmentVariables = entries.Keys.Count(e => e.StartsWith(EnvironmentVariableComponents.Folder + "/", StringComparison.Ordinal)),
            WebResources = Count("WebResources", "WebResource"),
            ServiceEndpoints = Count("ServiceEndpoints", "ServiceEndpoint"),
            Steps = Count("SdkMessageProcessingSteps", "SdkMessageProcessingStep"),
        };
    }

    /// <summary>Other/Customizations.xml with each kind's components in its placeholder section.</summary>
    private static XDocument Customizations(string folder, List<(ComponentKind Kind, ComponentSet Set)> sets)
    {
        var xml = PackageXml.Load(folder, SolutionPackage.CustomizationsFile).ExpectRoot("ImportExportXml");
        var root = xml.Root;
        root.AddAnnotation(new SourceFile(xml.File));
        foreach (var (kind, set) in sets.Where(s => s.Set.Elements.Count > 0))
        {
            var section = root.Element(kind.Section)
                ?? throw xml.Error(root, $"<ImportExportXml> has no <{kind.Section} /> placeholder for {SourceFile.Of(set.Elements[0])} (SolutionPackager's layout keeps one, in the schema's order, where the content goes)");
            section.Add(set.Elements);
        }

        return xml.Document;
    }

    private static void SetManaged(PackageXml solution, SolutionPackageType packageType)
    {
        var manifest = solution.Required(solution.Root, "SolutionManifest");
        solution.Required(manifest, "Managed").Value = packageType == SolutionPackageType.Managed ? "1" : "0";
    }

    private static void ThrowIfInvalid(IReadOnlyList<SchemaProblem> problems, string part, string schema, string fallbackFile)
    {
        if (problems.Count == 0)
        {
            return;
        }

        var shown = problems.Take(ProblemsShown)
            .Select(p => new SolutionSchemaProblem(SourceFile.Of(p.At) ?? fallbackFile, p.Line, p.Message))
            .ToList();
        var count = problems.Count == 1 ? "1 problem" : string.Create(CultureInfo.InvariantCulture, $"{problems.Count} problems");
        var which = problems.Count > shown.Count ? string.Create(CultureInfo.InvariantCulture, $", the first {shown.Count} above") : " (above)";
        throw new SolutionSchemaException($"{part} does not validate against {schema}: {count}{which}; no zip was written", shown);
    }

    /// <summary>
    /// The OPC content types part every solution zip carries: one Default per extension in the zip (exports declare them
    /// application/octet-stream), and an Override for each part without an extension, as exports do for web resources
    /// named without one.
    /// </summary>
    private static XDocument ContentTypes(IEnumerable<string> entries)
    {
        XNamespace ns = SolutionSchemas.ContentTypesNamespace;
        const string ContentType = "application/octet-stream";
        var names = entries.ToList();
        var extensions = names
            .Select(e => Path.GetExtension(e).TrimStart('.').ToLowerInvariant())
            .Where(e => e.Length > 0 && e != "xml")
            .Distinct()
            .Order(StringComparer.Ordinal)
            .Prepend("xml");
        var withoutExtension = names.Where(e => Path.GetExtension(e).Length == 0);
        return new XDocument(new XElement(
            ns + "Types",
            extensions.Select(e => new XElement(ns + "Default", new XAttribute("Extension", e), new XAttribute("ContentType", ContentType))),
            withoutExtension.Select(e => new XElement(ns + "Override", new XAttribute("PartName", "/" + e), new XAttribute("ContentType", ContentType)))));
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
            if (!IsIgnored(relative) && relative is not (SolutionPackage.SolutionFile or SolutionPackage.CustomizationsFile) && !ComponentKind.All.Any(k => k.Owns(relative)))
            {
                throw new SolutionPackageException(relative, "this kind of component is not packed by 'connector solution pack' (tables with their views, forms, charts and ribbon, roles, relationships, field security profiles, global choices, dashboards, web resources, steps, service endpoints, apps with their site maps and environment variable definitions are); use 'pac solution pack' for it");
            }
        }
    }

    private static bool IsIgnored(string relative) =>
        relative.Split('/').Any(part => part.StartsWith('.')) || (!relative.Contains('/', StringComparison.Ordinal) && relative.EndsWith(".md", StringComparison.OrdinalIgnoreCase));
}

/// <summary>What <see cref="SolutionPacker.PackAsync"/> wrote.</summary>
/// <param name="Model">The checked package.</param>
/// <param name="Entries">The zip's entries, in order, with their uncompressed sizes.</param>
/// <param name="ZipLength">The zip's size in bytes.</param>
public sealed record PackedSolution(SolutionModel Model, IReadOnlyList<PackedEntry> Entries, long ZipLength)
{
    /// <summary>Unmanaged or managed.</summary>
    public SolutionPackageType PackageType { get; init; }

    /// <summary>Views packed (the new tables' system views).</summary>
    public int Views { get; init; }

    /// <summary>Forms packed (main forms of the tables).</summary>
    public int Forms { get; init; }

    /// <summary>Charts packed.</summary>
    public int Charts { get; init; }

    /// <summary>Dashboards packed.</summary>
    public int Dashboards { get; init; }

    /// <summary>Security roles packed.</summary>
    public int Roles { get; init; }

    /// <summary>Model-driven apps packed.</summary>
    public int Apps { get; init; }

    /// <summary>Environment variable definitions packed.</summary>
    public int EnvironmentVariables { get; init; }

    /// <summary>Web resources packed (form scripts).</summary>
    public int WebResources { get; init; }

    /// <summary>Service endpoints packed (the connector's webhooks).</summary>
    public int ServiceEndpoints { get; init; }

    /// <summary>SDK message processing steps packed (webhook registrations).</summary>
    public int Steps { get; init; }

    /// <summary>Components by kind, for the pack report: tables, columns, keys, views, relationships, field security profiles, web resources, endpoints, steps.</summary>
    public IReadOnlyList<(string Kind, int Count)> Components() =>
    [
        ("tables", Model.Tables.Count),
        ("columns", Model.Tables.Sum(t => t.Columns.Count)),
        ("keys", Model.Tables.Sum(t => t.Keys.Count)),
        ("views", Views),
        ("forms", Forms),
        ("charts", Charts),
        ("dashboards", Dashboards),
        ("security roles", Roles),
        ("apps", Apps),
        ("environment variables", EnvironmentVariables),
        ("relationships", Model.Relationships.Count),
        ("field security profiles", Model.FieldSecurityProfiles.Count),
        ("web resources", WebResources),
        ("service endpoints", ServiceEndpoints),
        ("steps", Steps),
    ];
}

/// <summary>One zip entry: its name and uncompressed size.</summary>
public sealed record PackedEntry(string Name, long Length);
