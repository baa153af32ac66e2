namespace Connector.Dataverse.Solution;

/// <summary>
/// The solution package folder is wrong: malformed XML or a required element missing. The message is one line that
/// names the file (relative to the package folder), the line when known, and the element.
/// </summary>
public sealed class SolutionPackageException : Exception
{
    public SolutionPackageException()
    {
    }

    public SolutionPackageException(string message)
        : base(message)
    {
    }

    public SolutionPackageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SolutionPackageException(string file, string message, Exception? innerException = null)
        : base($"{file}: {message}", innerException)
    {
        File = file;
    }

    /// <summary>The file at fault, relative to the package folder (e.g. <c>Entities/Account/Entity.xml</c>).</summary>
    public string? File { get; }
}
