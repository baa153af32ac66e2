namespace Connector.DataverseSchemas;

/// <summary>
/// An element real exports carry that <c>CustomizationsSolution.xsd</c> 9.0.0.2090 does not allow where they put it: an
/// element named <paramref name="Element"/> directly under one named <paramref name="Parent"/>.
/// </summary>
/// <param name="Parent">The parent element's name, e.g. <c>attribute</c>.</param>
/// <param name="Element">The element's name, e.g. <c>AutoNumberFormat</c>.</param>
/// <param name="Why">What real exports do with it.</param>
/// <param name="Evidence">The exported solutions that carry it.</param>
public sealed record AllowedElement(string Parent, string Element, string Why, IReadOnlyList<ExportEvidence> Evidence)
{
    /// <summary><c>attribute/AutoNumberFormat</c>.</summary>
    public override string ToString() => $"{Parent}/{Element}";
}

/// <summary>One file of a real exported solution in a public repository, at a commit.</summary>
public sealed record ExportEvidence(string Repo, string Path, string Commit)
{
    public override string ToString() => $"{Repo}: {Path} @ {Commit}";
}
