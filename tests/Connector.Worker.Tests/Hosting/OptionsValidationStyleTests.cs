using System.CodeDom.Compiler;
using System.Reflection;
using Connector.Bank;
using Connector.Dataverse.Configuration;
using Connector.Domain.Policies;
using Connector.Erp;
using Connector.Graph.Configuration;
using Connector.Settings;
using Connector.Store;
using Connector.Sync.Collections;
using Connector.Webhooks.Hosting;
using Connector.Worker.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Connector.Worker.Tests.Hosting;

/// <summary>
/// One validation style: every settings type carries attributes on its properties, checked by a generated validator
/// (<see cref="OptionsValidatorAttribute"/>), plus at most one hand-written <c>…CrossFieldValidator</c> for the rules across
/// settings; no settings type validates itself.
/// </summary>
public sealed class OptionsValidationStyleTests
{
    private const string Generator = "Microsoft.Extensions.Options.SourceGeneration";

    [Fact]
    public void Host_EverySettingsTypeItBinds_ValidatedByItsGeneratedValidatorAndAtMostOneCrossFieldValidator()
    {
        var services = ConnectorHost.CreateBuilder(null, settings: [new("Graph:AccessToken", "t")]).Services;
        var registrations = services.Select(static d => d.ImplementationInstance).OfType<PolicyRegistration>().ToList();
        List<Type> bound = [.. registrations.Select(static r => r.Type), typeof(DataverseOptions), typeof(GraphOptions)];
        var validated = services
            .Where(static d => d.ServiceType.IsGenericType && d.ServiceType.GetGenericTypeDefinition() == typeof(IValidateOptions<>))
            .GroupBy(static d => d.ServiceType.GetGenericArguments()[0])
            .ToDictionary(static g => g.Key, static g => g.ToList());

        Assert.True(bound.Count >= 17, $"only {bound.Count} settings types found");
        Assert.All(bound, type =>
        {
            Assert.True(validated.TryGetValue(type, out var validators), $"{type.Name} has no validator");
            var implementations = validators!.Select(d => d.ImplementationType ?? throw new Xunit.Sdk.XunitException($"{type.Name}: a validator registered by factory or instance")).ToList();
            Assert.Single(implementations, t => IsGenerated(t, type));
            var others = implementations.Where(t => !IsGenerated(t, type)).ToList();
            Assert.True(others.Count <= 1, $"{type.Name}: {string.Join(", ", others.Select(static t => t.Name))}");
            Assert.All(others, t => Assert.Equal(type.Name + "CrossFieldValidator", t.Name));
            Assert.Empty(ValidateMethods(type));
        });
        Assert.All(registrations, static r => Assert.Equal(r.Section, SettingsSectionAttribute.Of(r.Type)));
        Assert.All(validated.Keys.Where(IsOurs), type => Assert.Contains(type, bound));
    }

    [Fact]
    public void Assemblies_EverySettingsType_HasAGeneratedValidatorAndNoValidateMethod()
    {
        Assembly[] assemblies =
        [
            typeof(CompanyPolicy).Assembly, typeof(DunningMailOptions).Assembly, typeof(StoreOptions).Assembly, typeof(ErpOptions).Assembly, typeof(BankOptions).Assembly,
            typeof(WebhookOptions).Assembly, typeof(DataverseOptions).Assembly, typeof(GraphOptions).Assembly, typeof(ConnectorHost).Assembly,
        ];
        var types = assemblies.SelectMany(static a => a.GetTypes()).ToList();
        var settingsTypes = types.Where(static t => t.GetCustomAttribute<SettingsSectionAttribute>() is not null).ToList();
        var generatedFor = types
            .SelectMany(static t => t.GetInterfaces()
                .Where(static i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IValidateOptions<>))
                .Select(i => (Validator: t, Settings: i.GetGenericArguments()[0])))
            .Where(static v => IsGenerated(v.Validator, v.Settings))
            .Select(static v => v.Settings)
            .ToHashSet();

        Assert.True(settingsTypes.Count >= 19, $"only {settingsTypes.Count} settings types found");
        Assert.All(settingsTypes, type =>
        {
            Assert.Contains(type, generatedFor);
            Assert.Empty(ValidateMethods(type));
        });
    }

    private static bool IsOurs(Type type) => type.Assembly.GetName().Name!.StartsWith("Connector.", StringComparison.Ordinal);

    private static bool IsGenerated(Type validator, Type settings) =>
        validator.GetCustomAttribute<OptionsValidatorAttribute>() is not null
        && validator.GetMethod(nameof(IValidateOptions<object>.Validate), [typeof(string), settings])?.GetCustomAttribute<GeneratedCodeAttribute>()?.Tool == Generator;

    private static IEnumerable<string> ValidateMethods(Type type) =>
        type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Where(static m => m.Name.StartsWith("Validate", StringComparison.Ordinal))
            .Select(m => $"{type.Name}.{m.Name}");
}
