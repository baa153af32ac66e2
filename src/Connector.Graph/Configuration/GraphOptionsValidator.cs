using Microsoft.Extensions.Options;

namespace Connector.Graph.Configuration;

/// <summary>Checks <see cref="GraphOptions"/> at start (<c>ValidateOnStart</c>) through <see cref="GraphOptions.Validate"/>.</summary>
public sealed class GraphOptionsValidator : IValidateOptions<GraphOptions>
{
    public ValidateOptionsResult Validate(string? name, GraphOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = options.Validate();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
