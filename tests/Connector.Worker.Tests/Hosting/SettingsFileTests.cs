using System.Collections;
using System.Diagnostics;
using System.Text.Json;
using Connector.Settings;
using Connector.Worker.Hosting;
using Connector.Worker.Tests.Support;

namespace Connector.Worker.Tests.Hosting;

/// <summary>The settings files (<c>--config</c>, appsettings.json): every mistake is one line naming file, line and key, exit 1.</summary>
public class SettingsFileTests
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private const string KnownSections = "Aging, Allowance, Bank, CashApplication, Collections, Company, Credit, CreditSnapshots, Dataverse, Dunning, Erp, Graph, History, Ingest, Log, Mappings, Metrics, Quartz, Risk, Schedules, Serilog, Store, Telemetry, Webhook";

    [Fact]
    public async Task Run_ConfigNotValidJson_OneLineWithFileLineAndColumnExitOne()
    {
        var result = await RunWith("""
            {
              "Company": { "Currency": "USD" },
              "Credit": {
                "OverdueAgeDays": 60
                "TolerancePercent": 5
              }
            }
            """);

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.Equal(["settings.json:5:5: invalid JSON: '\"' is invalid after a value. Expected either ',', '}', or ']'."], result.ErrorLines);
    }

    [Theory]
    [InlineData("", "settings.json: the file is empty (a file without settings holds { })")]
    [InlineData("[ { \"Credit\": {} } ]", "settings.json:1:1: invalid settings: the file must hold one JSON object { \"Section\": { … } }")]
    [InlineData("{\n  \"Credit\": { \"OverdueAgeDays\": 30 },\n  \"credit\": { \"overdueAgeDays\": 45 }\n}", "settings.json:3:15: Credit:OverdueAgeDays is given twice (first on line 2)")]
    [InlineData("{ \"Credit\": { \"OverdueAgeDays\": 30 }", "settings.json:1:37: invalid JSON: Expected depth to be zero at the end of the JSON payload. There is an open JSON object or array that should be closed.")]
    public async Task Run_ConfigThatWouldNotLoad_OneLineExitOne(string json, string expected)
    {
        var result = await RunWith(json);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal([expected], result.ErrorLines);
    }

    [Fact]
    public async Task Run_ConfigValueOfWrongType_OneLinePerValueWithFileLineAndKeyExitOne()
    {
        var result = await RunWith("""
            {
              "Credit": {
                "OverdueAgeEnabled": "yes",
                "OverdueAgeDays": "sixty",
                "OrderEnforcement": "Block"
              },
              "Dataverse": { "BatchSize": "lots" },
              "Collections": { "Priority": { "AgeWeights": { "d1_30": "one" } } }
            }
            """);

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.Equal(
        [
            "settings.json:7:18: Dataverse:BatchSize: expected a whole number, got 'lots'",
            "settings.json:8:50: Collections:Priority:AgeWeights:d1_30: expected a number, got 'one'",
            "settings.json:5:5: Credit:OrderEnforcement: expected one of Hold, Reject, got 'Block'",
            "settings.json:4:5: Credit:OverdueAgeDays: expected a whole number, got 'sixty'",
            "settings.json:3:5: Credit:OverdueAgeEnabled: expected true or false, got 'yes'",
        ], result.ErrorLines);
    }

    [Fact]
    public async Task Run_ListWhereOneValueBelongs_OneLineWithFileLineAndWhatWasExpectedExitOne()
    {
        var result = await RunWith("""
            {
              "Ingest": {
                "BatchSize": [1, 2]
              },
              "Credit": { "OverdueAgeDays": { "Value": 30 } }
            }
            """);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
        [
            "settings.json:3:5: Ingest:BatchSize: expected a whole number, got a list [ … ]",
            "settings.json:5:15: Credit:OverdueAgeDays: expected a whole number, got a section { … }",
        ], result.ErrorLines.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Run_OneValueWhereAListOrSectionBelongs_OneLineWithFileLineAndWhatWasExpectedExitOne()
    {
        var result = await RunWith("""
            {
              "Aging": { "Bounds": 45 },
              "Ingest": 5000
            }
            """);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
        [
            "settings.json:2:14: Aging:Bounds: expected a list [ … ], got '45'",
            "settings.json:3:3: Ingest: expected a section { \"Setting\": value, … }, got '5000'",
        ], result.ErrorLines.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Run_ConfigUnknownSection_NamesItSuggestsTheSectionAndListsTheKnownOnesExitOne()
    {
        var result = await RunWith("""
            {
              "Company": { "Currency": "USD" },
              "Credt": { "OverdueAgeDays": 30 },
              "$schema": "for editors"
            }
            """);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal([$"settings.json:3:3: unknown section 'Credt' (did you mean 'Credit'?); known sections: {KnownSections}"], result.ErrorLines);
    }

    [Fact]
    public async Task Run_RunCommandWithAnUnknownSection_ExitsOneBeforeStarting()
    {
        var result = await RunWith("""{ "Scedules": { "Sync": "0 0 * * * ?" } }""", "run");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal([$"settings.json:1:3: unknown section 'Scedules' (did you mean 'Schedules'?); known sections: {KnownSections}"], result.ErrorLines);
    }

    /// <summary>
    /// Every setting of every section the host reads (policies, Dataverse, Graph, Dunning) given a value not of its kind, in one
    /// file: each named with its line and what was expected, in words — never the binder's "to type 'System.Int32'".
    /// </summary>
    [Fact]
    public async Task Run_EverySettingWithAValueNotOfItsKind_EachNamedInWordsWithoutTypeNames()
    {
        var sections = ConnectorHost.CreateBuilder(null).Services
            .Select(static d => d.ImplementationInstance switch
            {
                PolicyRegistration policy => (policy.Section, (Type?)policy.Type),
                SettingsSection other => (other.Name, other.Type),
                _ => default,
            })
            .Where(static s => s.Item2 is not null)
            .ToList();
        var keys = new List<string>();
        var settings = sections.ToDictionary(static s => s.Item1, s => BadValues(s.Item2!, s.Item1, keys, depth: 0));

        var result = await RunWith(JsonSerializer.Serialize(settings, Indented));

        Assert.Equal(1, result.ExitCode);
        Assert.DoesNotContain("System.", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("`1", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Failed to convert", result.Error, StringComparison.Ordinal);
        Assert.All(result.ErrorLines, static line => Assert.Matches(@"^settings\.json:\d+:\d+: ", line));
        Assert.All(keys, key => Assert.Contains(result.ErrorLines, line => line.Contains($" {key}: expected ", StringComparison.Ordinal)));
        Assert.True(keys.Count > 60, $"only {keys.Count} settings checked");
    }

    /// <summary>The environment is not a file: sections it has for other programs are no error; a bad value there says so.</summary>
    [Fact]
    public async Task Connector_EnvironmentVariableOfWrongType_OneLineSayingItCameFromTheEnvironment()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var arg in new[] { ConnectorProcessTests.ConnectorDll(), "report", "aging", "--from", Fixtures.Good, "--as-of", "2026-06-30" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["Credit__OverdueAgeDays"] = "sixty";
        start.Environment["Credt__OverdueAgeDays"] = "30";

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(1, process.ExitCode);
        Assert.Equal("", await stdout);
        Assert.Equal("environment: Credit:OverdueAgeDays: expected a whole number, got 'sixty'\n", (await stderr).ReplaceLineEndings("\n"));
    }

    private static async Task<CliResult> RunWith(string json, params string[] command)
    {
        using var folder = TempFolder.Create();
        var config = folder.Write("settings.json", json);
        string[] args = command.Length == 0 ? ["report", "aging", "--from", Fixtures.Good, "--as-of", "2026-06-30"] : command;
        return await InProcess.RunAsync([.. args, "--config", config]);
    }

    // A value that is not of the setting's kind for every setting that has a kind (text has none), as nested JSON.
    private static object? BadValues(Type type, string path, List<string> keys, int depth)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string) || type == typeof(Uri) || type == typeof(object) || depth > 4)
        {
            return null;
        }

        if (type.IsEnum || type.IsPrimitive || type == typeof(decimal) || type == typeof(DateOnly) || type == typeof(TimeSpan) || type == typeof(Guid))
        {
            keys.Add(path);
            return "not-a-value";
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>))
        {
            return BadValues(type.GetGenericArguments()[1], path + ":k1", keys, depth + 1) is { } value ? new Dictionary<string, object> { ["k1"] = value } : null;
        }

        if (typeof(IEnumerable).IsAssignableFrom(type))
        {
            var element = type.IsArray ? type.GetElementType()! : type.GetGenericArguments()[0];
            return BadValues(element, path + ":0", keys, depth + 1) is { } value ? new[] { value } : null;
        }

        var values = new Dictionary<string, object>();
        foreach (var property in type.GetProperties().Where(static p => p.CanWrite && p.SetMethod!.IsPublic))
        {
            if (BadValues(property.PropertyType, $"{path}:{property.Name}", keys, depth + 1) is { } value)
            {
                values[property.Name] = value;
            }
        }

        return values.Count > 0 ? values : null;
    }
}
