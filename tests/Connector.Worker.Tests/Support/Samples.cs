using Connector.Worker.Demo;

namespace Connector.Worker.Tests.Support;

/// <summary>The repository's generated sample company (<c>samples/</c>, as of 2026-11-16), found upward from the test's folder.</summary>
internal static class Samples
{
    public const string AsOf = "2026-11-16";

    public static string Folder { get; } = SamplesFolder.Locate(null)
        ?? throw new InvalidOperationException("samples/ with manifest.json not found above the test folder");

    public static string Truth(string file) => Path.Combine(Folder, "truth", file);
}
