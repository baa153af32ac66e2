namespace Connector.Domain.Policies;

/// <summary>Text usable as a folder path on this machine (no character the file system refuses in a path).</summary>
/// <param name="expected">What the folder is for, in words (<c>must name a folder for the worker's log files</c>).</param>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, AllowMultiple = false)]
public sealed class SettingFolderAttribute(string expected) : SettingAttribute
{
    public string Expected { get; } = expected;

    protected override Problem? Check(object value) =>
        value is string text && text.IndexOfAny(Path.GetInvalidPathChars()) < 0 ? null : new Problem(Expected, PolicyErrors.Describe(value));
}
