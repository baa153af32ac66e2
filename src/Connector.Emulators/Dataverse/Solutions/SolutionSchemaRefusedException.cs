namespace Connector.Emulators.Dataverse.Solutions;

/// <summary>
/// ImportSolution refuses the zip because its customizations.xml breaks the solution schema (Dataverse's
/// ImportXsdValidationError, 0x8004801a). The message is Dataverse's text for it, with the first problem and the XML around it.
/// </summary>
public sealed class SolutionSchemaRefusedException : Exception
{
    public SolutionSchemaRefusedException()
    {
    }

    public SolutionSchemaRefusedException(string message)
        : base(message)
    {
    }

    public SolutionSchemaRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
