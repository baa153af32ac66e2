using Connector.Sync.Settings;
using Connector.Worker.Running;

namespace Connector.Worker.Tests.Running;

public sealed class LogFileOptionsTests
{
    [Fact]
    public void Validate_Defaults_NoFailures() => Assert.Empty(Failures(new LogFileOptions()));

    [Theory]
    [InlineData(" ", "' '")]
    [InlineData("logs\0old", "'logs\0old'")]
    public void Validate_NotAFolder_NamesTheSetting(string directory, string shown)
    {
        Assert.Equal([$"Log:Directory must name a folder for the worker's log files (was {shown})."], Failures(new LogFileOptions { Directory = directory }));
    }

    private static IReadOnlyList<string> Failures(LogFileOptions options) => SettingsValidation.Failures(options, new LogFileOptionsValidator());
}
