using System.Reflection;

namespace Connector.Domain.Policies;

/// <summary>
/// The configuration path a settings type binds from (<c>Credit</c>, <c>Collections:Priority</c>). The validation attributes
/// name a failing setting by it (<c>Credit:OverdueAgeDays</c>), and the host binds the type from it.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class SettingsSectionAttribute(string path) : Attribute
{
    public string Path { get; } = path;

    /// <summary>The section of <paramref name="type"/>; throws when it has none (its messages could not name the setting).</summary>
    public static string Of(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.GetCustomAttribute<SettingsSectionAttribute>()?.Path
            ?? throw new InvalidOperationException($"{type.Name} has no [SettingsSection]: its validation messages could not name the setting.");
    }
}
