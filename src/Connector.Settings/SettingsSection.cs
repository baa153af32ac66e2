using Microsoft.Extensions.DependencyInjection;

namespace Connector.Settings;

/// <summary>
/// A top-level settings section the host reads other than through <see cref="PolicyServiceCollectionExtensions.AddPolicy{T, TValidator}"/>
/// (Dataverse, Graph, Dunning, Serilog): known, so a settings file may have it, and with its options type, so its
/// values are checked at start like a policy's (<see cref="PolicyServiceCollectionExtensions.ValidatePolicies"/>).
/// </summary>
/// <param name="Name">The section's name.</param>
/// <param name="Type">The options type it binds to; <c>null</c> when another library reads it (Serilog).</param>
internal sealed record SettingsSection(string Name, Type? Type);

public static class SettingsSectionServiceCollectionExtensions
{
    /// <summary>Declares a section read by other code than a policy (see <see cref="SettingsSection"/>).</summary>
    public static IServiceCollection AddSettingsSection(this IServiceCollection services, string name, Type? type = null) =>
        services.AddSingleton(new SettingsSection(name, type));
}
