using Connector.Sync.Settings;
using Connector.Worker.Mappings;

namespace Connector.Worker.Tests.Mappings;

public sealed class MappingsOptionsTests
{
    [Fact]
    public void Validate_Defaults_NoFailures() => Assert.Empty(Failures(new MappingsOptions()));

    [Fact]
    public void Validate_NoDirectory_SaysWhatItIs()
    {
        Assert.Equal(["Mappings:Directory is required (the folder of mapping files) (was empty)."], Failures(new MappingsOptions { Directory = "" }));
    }

    private static IReadOnlyList<string> Failures(MappingsOptions options) => SettingsValidation.Failures(options, new MappingsOptionsValidator());
}
