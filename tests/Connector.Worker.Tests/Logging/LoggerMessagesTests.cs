using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace Connector.Worker.Tests.Logging;

/// <summary>
/// Every <c>[LoggerMessage]</c> in every Connector assembly, called by reflection with sample arguments: what a person
/// reads must have every hole filled — in the formatted text and in the structured state Serilog renders from (a
/// parameter the template names differently reaches the console as a literal <c>{New}</c>) — and every event must have
/// its own EventId and a name.
/// </summary>
public sealed partial class LoggerMessagesTests
{
    private const string OriginalFormat = "{OriginalFormat}";

    [Fact]
    public void LoggerMessages_CalledWithSampleArguments_FillEveryHoleInTextAndState()
    {
        var problems = new List<string>();
        foreach (var method in LoggerMessages())
        {
            var logged = Call(method);
            if (logged is null)
            {
                problems.Add($"{Name(method)}: wrote nothing");
                continue;
            }

            if (Hole().Match(logged.Message) is { Success: true } hole)
            {
                problems.Add($"{Name(method)}: '{hole.Value}' unrendered in \"{logged.Message}\"");
            }

            var template = logged.State.FirstOrDefault(static p => p.Key == OriginalFormat).Value as string ?? "";
            var keys = logged.State.Select(static p => p.Key).ToHashSet(StringComparer.Ordinal);
            foreach (Match named in Hole().Matches(template))
            {
                var name = named.Groups["name"].Value.TrimStart('@', '$');
                if (!keys.Contains(name))
                {
                    problems.Add($"{Name(method)}: the template names {{{name}}}, the state has only {string.Join(", ", keys.Where(static k => k != OriginalFormat))}");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void LoggerMessages_EveryOne_HasAnExplicitEventIdUniqueInItsProjectAndAName()
    {
        var problems = new List<string>();
        foreach (var project in LoggerMessages().GroupBy(static m => m.DeclaringType!.Assembly))
        {
            foreach (var method in project)
            {
                var attribute = method.GetCustomAttribute<LoggerMessageAttribute>()!;
                if (attribute.EventId <= 0)
                {
                    problems.Add($"{Name(method)}: no EventId of its own (the generator would make one up from a hash)");
                }

                if (Call(method) is { } logged && string.IsNullOrEmpty(logged.EventId.Name))
                {
                    problems.Add($"{Name(method)}: EventId {logged.EventId.Id} has no name");
                }
            }

            foreach (var shared in project.GroupBy(static m => m.GetCustomAttribute<LoggerMessageAttribute>()!.EventId).Where(static g => g.Key > 0 && g.Count() > 1))
            {
                problems.Add($"{project.Key.GetName().Name}: EventId {shared.Key} used by {string.Join(", ", shared.Select(Name))}");
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void LoggerMessages_Found_InEveryProjectThatLogs()
    {
        var projects = LoggerMessages().Select(static m => m.DeclaringType!.Assembly.GetName().Name).ToHashSet(StringComparer.Ordinal);

        // A guard on the search itself: were the assemblies not found, the two tests above would pass on nothing.
        Assert.Superset(
            new HashSet<string?>(["connector", "Connector.Sync", "Connector.Dataverse", "Connector.Graph", "Connector.Webhooks"], StringComparer.Ordinal),
            projects);
    }

    /// <summary>Every method marked <c>[LoggerMessage]</c> in the worker and every Connector assembly it is built from.</summary>
    private static List<MethodInfo> LoggerMessages()
    {
        var assemblies = new Dictionary<string, Assembly>(StringComparer.Ordinal);
        var pending = new Stack<Assembly>([typeof(ConnectorApp).Assembly]);
        while (pending.TryPop(out var assembly))
        {
            if (!assemblies.TryAdd(assembly.GetName().Name!, assembly))
            {
                continue;
            }

            foreach (var reference in assembly.GetReferencedAssemblies().Where(static r => r.Name!.StartsWith("Connector.", StringComparison.Ordinal)))
            {
                pending.Push(Assembly.Load(reference));
            }
        }

        const BindingFlags Declared = BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance;
        return [.. assemblies.Values
            .SelectMany(static a => a.GetTypes())
            .SelectMany(static t => t.GetMethods(Declared))
            .Where(static m => m.GetCustomAttribute<LoggerMessageAttribute>() is not null)
            .OrderBy(Name, StringComparer.Ordinal)];
    }

    /// <summary>Calls the method with sample arguments and a capturing logger in place of the class's own.</summary>
    private static Logged? Call(MethodInfo method)
    {
        var sink = new List<Logged>();
        object? target = null;
        if (!method.IsStatic)
        {
            target = RuntimeHelpers.GetUninitializedObject(method.DeclaringType!);
            for (var type = method.DeclaringType; type is not null; type = type.BaseType)
            {
                foreach (var field in type.GetFields(BindingFlags.DeclaredOnly | BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
                {
                    if (typeof(ILogger).IsAssignableFrom(field.FieldType))
                    {
                        field.SetValue(target, CapturingLogger.For(field.FieldType, sink));
                    }
                }
            }
        }

        var arguments = method.GetParameters()
            .Select(p => typeof(ILogger).IsAssignableFrom(p.ParameterType) ? CapturingLogger.For(p.ParameterType, sink) : Sample(p.ParameterType))
            .ToArray();
        method.Invoke(target, arguments);
        return sink.SingleOrDefault();
    }

    private static object? Sample(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            _ when type == typeof(string) => "x",
            _ when type == typeof(bool) => true,
            _ when type.IsEnum => Enum.GetValues(type).GetValue(0),
            _ when type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(double) || type == typeof(decimal)
                || type == typeof(float) || type == typeof(uint) || type == typeof(ulong) => Convert.ChangeType(7, type, System.Globalization.CultureInfo.InvariantCulture),
            _ when type == typeof(Guid) => Guid.Parse("00000000-0000-0000-0000-000000000007"),
            _ when type == typeof(Uri) => new Uri("http://x/"),
            _ when type == typeof(TimeSpan) => TimeSpan.FromSeconds(7),
            _ when type == typeof(DateOnly) => new DateOnly(2026, 11, 20),
            _ when type == typeof(DateTimeOffset) => new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero),
            _ when typeof(Exception).IsAssignableFrom(type) => type == typeof(Exception) ? new InvalidOperationException("boom") : Activator.CreateInstance(type, "boom"),
            _ when type.IsValueType => Activator.CreateInstance(type),
            _ when type.GetConstructor(Type.EmptyTypes) is not null => Activator.CreateInstance(type),
            _ => null,
        };
    }

    private static string Name(MethodInfo method) => $"{method.DeclaringType!.FullName}.{method.Name}";

    /// <summary>A <c>{Name}</c>, <c>{Name,5}</c> or <c>{Name:0.0}</c> hole.</summary>
    [GeneratedRegex(@"\{(?<name>[^{},:]+)(,[^{}:]*)?(:[^{}]*)?\}")]
    private static partial Regex Hole();

    private sealed record Logged(EventId EventId, string Message, IReadOnlyList<KeyValuePair<string, object?>> State);

    private class CapturingLogger(List<Logged> sink) : ILogger
    {
        public static ILogger For(Type loggerType, List<Logged> sink) =>
            loggerType.IsGenericType && loggerType.GetGenericTypeDefinition() == typeof(ILogger<>)
                ? (ILogger)Activator.CreateInstance(typeof(CapturingLogger<>).MakeGenericType(loggerType.GenericTypeArguments[0]), sink)!
                : new CapturingLogger(sink);

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            sink.Add(new Logged(eventId, formatter(state, exception), state as IReadOnlyList<KeyValuePair<string, object?>> ?? []));
    }

    private sealed class CapturingLogger<T>(List<Logged> sink) : CapturingLogger(sink), ILogger<T>;
}
