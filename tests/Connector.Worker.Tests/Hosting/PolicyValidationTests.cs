using Connector.Worker.Tests.Support;

namespace Connector.Worker.Tests.Hosting;

public class PolicyValidationTests
{
    [Fact]
    public async Task Run_InvalidSettings_ExitsOneWithEveryMessageNamingTheSetting()
    {
        using var folder = TempFolder.Create();
        var config = folder.Write("settings.json", """{ "Company": { "Currency": "US" }, "Aging": { "Bounds": [ 30, 20 ] } }""");

        var result = await InProcess.RunAsync("report", "aging", "--from", Fixtures.Good, "--config", config);

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.Equal(
        [
            "Company:Currency must be a three-letter ISO 4217 code such as USD (was 'US').",
            "Aging:Bounds:1 must be greater than the bound before it (30) (was 20).",
        ], result.ErrorLines);
    }

    [Fact]
    public async Task Run_UnknownSetting_ExitsOneNamingIt()
    {
        using var folder = TempFolder.Create();
        var config = folder.Write("settings.json", """{ "Aging": { "Bonds": [ 30 ] } }""");

        var result = await InProcess.RunAsync("report", "aging", "--from", Fixtures.Good, "--config", config);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["settings.json:1:14: Aging:Bonds is not a setting of Aging (known: Basis, Bounds)."], result.ErrorLines);
    }

    [Fact]
    public async Task Run_UnconvertibleSettings_ExitsOneNamingEachWithItsLineInWords()
    {
        using var folder = TempFolder.Create();
        var config = folder.Write("settings.json", """{ "Aging": { "Bounds": [ "abc" ], "Basis": "Sometimes" } }""");

        var result = await InProcess.RunAsync("report", "aging", "--from", Fixtures.Good, "--config", config);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
        [
            "settings.json:1:35: Aging:Basis: expected one of DueDate, DocumentDate, got 'Sometimes'",
            "settings.json:1:26: Aging:Bounds:0: expected a whole number, got 'abc'",
        ], result.ErrorLines);
    }
}
