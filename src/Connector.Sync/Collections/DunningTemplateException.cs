namespace Connector.Sync.Collections;

/// <summary>A dunning template that cannot be used: its file, the line when known, and what is wrong, in one line.</summary>
public sealed class DunningTemplateException : Exception
{
    public DunningTemplateException()
    {
    }

    public DunningTemplateException(string message)
        : base(message)
    {
    }

    public DunningTemplateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DunningTemplateException(string message, string? file, int? line, Exception? innerException = null)
        : base(message, innerException)
    {
        File = file;
        Line = line;
    }

    /// <summary>The template file (or the folder, when it is missing), as the configuration names it.</summary>
    public string? File { get; }

    /// <summary>1-based line in <see cref="File"/>, when the problem has one.</summary>
    public int? Line { get; }
}
