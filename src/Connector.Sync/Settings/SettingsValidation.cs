using Microsoft.Extensions.Options;

namespace Connector.Sync.Settings;

/// <summary>
/// Runs a settings type's validators (its generated one and its cross-field one) on an instance handed over directly, outside
/// the host's start-up check: a factory or server given settings by a caller, a soft check that only warns.
/// </summary>
public static class SettingsValidation
{
    /// <summary>Every failure of <paramref name="validators"/> on <paramref name="options"/>, in their order; empty when valid.</summary>
    public static IReadOnlyList<string> Failures<T>(T options, params IValidateOptions<T>[] validators)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(validators);
        return [.. validators.SelectMany(validator => validator.Validate(Options.DefaultName, options) is { Failed: true } result ? result.Failures ?? [] : [])];
    }
}
