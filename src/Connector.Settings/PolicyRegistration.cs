using Connector.Domain.Policies;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Connector.Settings;

/// <summary>A policy bound from configuration, resolvable at start so every invalid setting is reported before any work.</summary>
internal sealed record PolicyRegistration(string Section, Type Type, Func<IServiceProvider, object> Resolve);

public static class PolicyServiceCollectionExtensions
{
    /// <summary>
    /// Binds the settings type <typeparamref name="T"/> from the configuration section its <see cref="SettingsSectionAttribute"/>
    /// names, validates it with <typeparamref name="TValidator"/> — its generated validator (<see cref="OptionsValidatorAttribute"/>),
    /// which checks the attributes on its properties — and checks it at start. Unknown keys in the section are errors, so a
    /// misspelt setting is not silently ignored; so is a value of the wrong type, in words and with the file and line that
    /// gave it; a configured array replaces the default array (the binder alone would append to it).
    /// </summary>
    public static IServiceCollection AddPolicy<T, TValidator>(this IServiceCollection services)
        where T : class
        where TValidator : class, IValidateOptions<T>
    {
        var section = SettingsSectionAttribute.Of(typeof(T));
        services.AddSettingsSourcesIfMissing();
        services.AddOptions<T>()
            .Configure<IConfiguration, SettingsSources>((policy, configuration, sources) => Bind(configuration.GetSection(section), policy, sources))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<T>, TValidator>());
        services.AddSingleton(new PolicyRegistration(section, typeof(T), static provider => provider.GetRequiredService<IOptions<T>>().Value));
        return services;
    }

    /// <summary>
    /// Like <see cref="AddPolicy{T, TValidator}"/>, with the type's one hand-written validator for the rules attributes cannot
    /// express (<typeparamref name="TCrossFieldValidator"/>: ascending bounds, a count that depends on another section,
    /// exactly one of several settings); it reports every failure, not the first. Both validators' failures are reported.
    /// </summary>
    public static IServiceCollection AddPolicy<T, TValidator, TCrossFieldValidator>(this IServiceCollection services)
        where T : class
        where TValidator : class, IValidateOptions<T>
        where TCrossFieldValidator : class, IValidateOptions<T>
    {
        services.AddPolicy<T, TValidator>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<T>, TCrossFieldValidator>());
        return services;
    }

    /// <summary>
    /// Checks the settings and resolves every registered policy; returns all failures, one line each (empty when
    /// valid): sections of a settings file the host does not read, values of the wrong type
    /// (<c>settings.json:4:5: Credit:OverdueAgeDays: expected a whole number, got 'sixty'</c>), unknown keys in a
    /// policy's section and the policies' own messages alike.
    /// </summary>
    public static IReadOnlyList<string> ValidatePolicies(this IServiceProvider provider)
    {
        var sources = provider.GetRequiredService<SettingsSources>();
        var configuration = provider.GetRequiredService<IConfiguration>();
        var registrations = provider.GetServices<PolicyRegistration>().ToList();
        var others = provider.GetServices<SettingsSection>().ToList();
        var failures = new List<string>(sources.UnknownSections([.. registrations.Select(static r => r.Section).Concat(others.Select(static s => s.Name)).Distinct()]));

        // The sections other code binds (Dataverse, Graph …) would throw the binder's message from wherever they are first read.
        foreach (var section in others.Where(static s => s.Type is not null))
        {
            if (sources.ScalarSection(configuration.GetSection(section.Name)) is { } scalar)
            {
                failures.Add(scalar);
            }

            failures.AddRange(SettingValues.Check(configuration.GetSection(section.Name), section.Type!).Select(p => sources.Describe(p.Key, p.Problem)));
        }

        foreach (var registration in registrations)
        {
            try
            {
                _ = registration.Resolve(provider);
            }
            catch (OptionsValidationException ex)
            {
                failures.AddRange(ex.Failures);
            }
            catch (InvalidOperationException ex)
            {
                failures.Add(ex.Message);
            }
        }

        return failures;
    }

    // ConnectorHost registers the sources with its settings files; without them, messages just name the key.
    private static void AddSettingsSourcesIfMissing(this IServiceCollection services) =>
        services.TryAddSingleton(static provider => new SettingsSources(provider.GetRequiredService<IConfiguration>(), []));

    private static void Bind(IConfigurationSection section, object policy, SettingsSources sources)
    {
        var properties = policy.GetType().GetProperties();
        var problems = new List<string>();
        foreach (var child in section.GetChildren())
        {
            if (!properties.Any(p => p.CanWrite && string.Equals(p.Name, child.Key, StringComparison.OrdinalIgnoreCase)))
            {
                problems.Add($"{sources.At(child.Path)}{child.Path} is not a setting of {section.Path} (known: {string.Join(", ", properties.Where(static p => p.CanWrite).Select(static p => p.Name))}).");
            }
        }

        if (sources.ScalarSection(section) is { } scalar)
        {
            problems.Add(scalar);
        }

        problems.AddRange(SettingValues.Check(section, policy.GetType()).Select(p => sources.Describe(p.Key, p.Problem)));
        if (problems.Count > 0)
        {
            throw new OptionsValidationException(section.Path, policy.GetType(), problems);
        }

        section.Bind(policy);

        // The binder appends configured array elements to an array property's default elements
        // ([30, 60, 90, 120] + [30, 60] …) and silently drops elements it cannot convert; a configured
        // list replaces the default instead (a bad element was reported above).
        foreach (var property in properties)
        {
            if (property.PropertyType.GetElementType() is { } elementType && property.CanWrite
                && section.GetSection(property.Name).GetChildren().ToList() is { Count: > 0 } elements)
            {
                elements.Sort(static (a, b) => (int.TryParse(a.Key, out var x) ? x : int.MaxValue).CompareTo(int.TryParse(b.Key, out var y) ? y : int.MaxValue));
                var array = Array.CreateInstance(elementType, elements.Count);
                for (var i = 0; i < elements.Count; i++)
                {
                    array.SetValue(elements[i].Get(elementType), i);
                }

                property.SetValue(policy, array);
            }
        }
    }
}
