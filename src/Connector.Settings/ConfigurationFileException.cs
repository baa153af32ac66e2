namespace Connector.Settings;

/// <summary>
/// A settings file that would not load (not found, unreadable, invalid JSON, a value given twice). The message is the
/// one line a person reads (<c>settings.json:7:5: invalid JSON: …</c>); the command stops with exit code 1.
/// </summary>
public sealed class ConfigurationFileException : Exception
{
    public ConfigurationFileException()
    {
    }

    public ConfigurationFileException(string message)
        : base(message)
    {
    }

    public ConfigurationFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
