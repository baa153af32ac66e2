using Connector.Erp.Csv;
using Connector.Erp.Sql;
using Connector.Erp.Writeback;
using Connector.Sync.Settings;

namespace Connector.Erp.Tests;

public sealed class ErpOptionsTests
{
    [Fact]
    public void Validate_Defaults_NoProblems()
    {
        Assert.Empty(Failures(new ErpOptions()));
    }

    [Fact]
    public void Validate_SqlWithoutConnectionStringAndBadProvider_EveryProblemNamesItsSetting()
    {
        var options = new ErpOptions { Kind = "sql", Provider = "oracle", ConnectionString = " ", CommandTimeoutSeconds = 0 };

        Assert.Equal(
            [
                "Erp:CommandTimeoutSeconds must be between 1 and 86400 (was 0).",
                "Erp:Provider must be sqlite, postgresql or sqlserver (was 'oracle').",
                "Erp:ConnectionString is required when Erp:Kind is sql (was empty).",
            ],
            Failures(options));
    }

    [Fact]
    public void Validate_UnknownKind_Named()
    {
        Assert.Equal(["Erp:Kind must be csv or sql (was 'ftp')."], Failures(new ErpOptions { Kind = "ftp" }));
    }

    [Fact]
    public void Create_EachKindAndProvider_GivesItsSource()
    {
        var time = TimeProvider.System;

        Assert.IsType<CsvDropSource>(ErpSourceFactory.Create(new ErpOptions(), time));
        foreach (var provider in new[] { "sqlite", "postgresql", "sqlserver" })
        {
            Assert.IsType<SqlSource>(ErpSourceFactory.Create(new ErpOptions { Kind = "sql", Provider = provider, ConnectionString = "Data Source=x" }, time));
        }
    }

    [Fact]
    public void CreateWriteback_EachKind_FilesOrStagingTablesAndNoneWhenOff()
    {
        var time = TimeProvider.System;

        var csv = Assert.IsType<CsvWriteback>(ErpSourceFactory.CreateWriteback(new ErpOptions { DropFolder = "drop" }, time));
        Assert.Equal(Path.GetFullPath(Path.Combine("drop", "writeback")), csv.Destination);
        Assert.Equal(Path.GetFullPath("out"), ErpSourceFactory.CreateWriteback(new ErpOptions { WritebackFolder = "out" }, time)!.Destination);
        Assert.IsType<SqlWriteback>(ErpSourceFactory.CreateWriteback(new ErpOptions { Kind = "sql", Provider = "postgres", ConnectionString = "Host=x" }, time));
        Assert.Null(ErpSourceFactory.CreateWriteback(new ErpOptions { Writeback = false }, time));
    }

    [Fact]
    public void Create_InvalidOptions_ThrowsWithTheProblems()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ErpSourceFactory.Create(new ErpOptions { Kind = "sql" }, TimeProvider.System));

        Assert.Equal("Erp:ConnectionString is required when Erp:Kind is sql (was empty).", error.Message);
    }

    [Fact]
    public void Validate_CsvWithoutDropFolderAndNegativeSettle_NamesBoth()
    {
        Assert.Equal(
            [
                "Erp:FileSettleSeconds must be 0 or more (was -1).",
                "Erp:DropFolder is required when Erp:Kind is csv (was ' ').",
            ],
            Failures(new ErpOptions { DropFolder = " ", FileSettleSeconds = -1 }));
    }

    internal static IReadOnlyList<string> Failures(ErpOptions options) =>
        SettingsValidation.Failures(options, new ErpOptionsValidator(), new ErpOptionsCrossFieldValidator());
}
