namespace Connector.Dataverse.Solution;

/// <summary>
/// The packed customizations.xml (or [Content_Types].xml) does not validate against Microsoft's schema, so Dataverse would
/// refuse the zip (0x8004801a). Each problem names the package file and line it comes from and what the schema expected;
/// the message says how many there are.
/// </summary>
public sealed class SolutionSchemaException : Exception
{
    public SolutionSchemaException()
    {
    }

    public SolutionSchemaException(string message)
        : base(message)
    {
    }

    public SolutionSchemaException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SolutionSchemaException(string message, IReadOnlyList<SolutionSchemaProblem> problems)
        : base(message) => Problems = problems;

    /// <summary>The first problems, in document order.</summary>
    public IReadOnlyList<SolutionSchemaProblem> Problems { get; } = [];
}

/// <summary>One schema problem: the package file it comes from (relative), its line there (0 when unknown) and .NET's message.</summary>
public sealed record SolutionSchemaProblem(string File, int Line, string Message)
{
    /// <summary><c>Entities/Account/Entity.xml: line 43: The element 'attribute' has invalid child element 'Precision'. …</c></summary>
    public override string ToString() => Line > 0 ? $"{File}: line {Line}: {Message}" : $"{File}: {Message}";
}
