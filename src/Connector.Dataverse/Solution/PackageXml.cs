using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Connector.Dataverse.Solution;

/// <summary>One XML file of the package, loaded with line numbers so every error can point at its place.</summary>
internal sealed class PackageXml
{
    private PackageXml(string file, XDocument document)
    {
        File = file;
        Document = document;
    }

    /// <summary>Relative path with forward slashes, as messages show it.</summary>
    public string File { get; }

    public XDocument Document { get; }

    public XElement Root => Document.Root!;

    public static PackageXml Load(string folder, string relative)
    {
        var path = Path.Combine(folder, relative.Replace('/', Path.DirectorySeparatorChar));
        if (!System.IO.File.Exists(path))
        {
            throw new SolutionPackageException(relative, "file not found");
        }

        try
        {
            using var stream = System.IO.File.OpenRead(path);
            return new PackageXml(relative, XDocument.Load(stream, LoadOptions.SetLineInfo));
        }
        catch (XmlException e)
        {
            throw new SolutionPackageException(relative, $"line {e.LineNumber}: not well-formed XML: {FirstLine(e.Message)}", e);
        }
    }

    /// <summary>Checks the root element's name.</summary>
    public PackageXml ExpectRoot(string name)
    {
        if (Root.Name.LocalName != name)
        {
            throw Error(Root, $"expected root element <{name}>, found <{Root.Name.LocalName}>");
        }

        return this;
    }

    public XElement Required(XElement parent, string name) =>
        parent.Element(name) ?? throw Error(parent, $"{Describe(parent)} has no <{name}>");

    public string RequiredText(XElement parent, string name)
    {
        var text = Required(parent, name).Value.Trim();
        return text.Length > 0 ? text : throw Error(parent, $"{Describe(parent)}: <{name}> is empty");
    }

    public string RequiredAttribute(XElement element, string name)
    {
        var value = ((string?)element.Attribute(name))?.Trim();
        return string.IsNullOrEmpty(value) ? throw Error(element, $"{Describe(element)} has no {name}=\"…\"") : value;
    }

    public int RequiredInt(XElement parent, string name)
    {
        var text = RequiredText(parent, name);
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Error(parent, $"{Describe(parent)}: <{name}> must be a whole number, got '{text}'");
    }

    public SolutionPackageException Error(XObject at, string message)
    {
        var line = ((IXmlLineInfo)at).HasLineInfo() ? $"line {((IXmlLineInfo)at).LineNumber}: " : string.Empty;
        return new SolutionPackageException(File, line + message);
    }

    /// <summary><c>&lt;attribute PhysicalName="arc_X"&gt;</c>: the element with the attribute that identifies it, if any.</summary>
    public static string Describe(XElement element)
    {
        var id = element.Attribute("PhysicalName") ?? element.Attribute("Name") ?? element.Attribute("name");
        return id is null ? $"<{element.Name.LocalName}>" : $"<{element.Name.LocalName} {id.Name.LocalName}=\"{id.Value}\">";
    }

    /// <summary>Zero or one: <c>1</c> is true; a missing element is <paramref name="missing"/>.</summary>
    public static bool Flag(XElement parent, string name, bool missing = false) =>
        parent.Element(name) is { } element ? element.Value.Trim() == "1" : missing;

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
