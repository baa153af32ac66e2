using Microsoft.Extensions.DependencyInjection;

namespace Connector.Worker.Tests.Support;

/// <summary>Runs <c>connector</c> in-process and captures what it writes.</summary>
internal static class InProcess
{
    public static async Task<CliResult> RunAsync(params string[] args) => await RunAsync(null, args);

    public static async Task<CliResult> RunAsync(Action<IServiceCollection>? overrides, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await ConnectorApp.RunAsync(args, output, error, overrides);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }
}

internal sealed record CliResult(int ExitCode, string Output, string Error)
{
    public string[] OutputLines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public string[] ErrorLines => Error.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
