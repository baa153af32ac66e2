using Connector.Dataverse.Solution;

namespace Connector.Dataverse.Tests.Solution;

public sealed class EnvironmentCheckTests
{
    private static readonly SolutionModel Expected = SolutionPackage.Load(PackageFolder.Shipped);

    [Fact]
    public void Compare_EnvironmentWithTheSolutionImported_FindsNothing()
    {
        Assert.Empty(EnvironmentCheck.Compare(Expected, Imported()));
    }

    [Fact]
    public void Compare_FreshEnvironment_ReportsMissingTablesColumnsKeysAndChangeTracking()
    {
        IReadOnlyList<LiveTable> fresh =
        [
            new("account", ["accountid", "name", "accountnumber", "creditlimit", "creditonhold"], [], ChangeTrackingEnabled: false, BulkSupported: true),
            new("salesorder", ["salesorderid", "name"], [], ChangeTrackingEnabled: false, BulkSupported: true),
        ];

        var findings = EnvironmentCheck.Compare(Expected, fresh);

        Assert.Contains(findings, f => f.Message == "arc_openitem: table not found; import the ReceivablesConnector solution");
        Assert.Contains(findings, f => f.Message == "account: column arc_arbalance is missing; import the ReceivablesConnector solution (version 1.0.0.0) or a later one");
        Assert.Contains(findings, f => f.Message == "account: alternate key arc_accountnumber_key (accountnumber) is missing; import the ReceivablesConnector solution");
        Assert.Contains(findings, f => f.Message == "salesorder: change tracking is off; turn on 'Track changes' for the table (the connector reads changes with delta links)");
        Assert.Equal(2, findings.Count(f => f.Kind == CheckFindingKind.MissingTable));
        Assert.Equal(21 + 4, findings.Count(f => f.Kind == CheckFindingKind.MissingColumn));
        Assert.DoesNotContain(findings, f => f.Subject == "accountnumber");
        Assert.All(findings, f => Assert.Equal(CheckSeverity.Error, f.Severity));
    }

    [Theory]
    [InlineData("Pending", "is Pending, not Active: Dataverse is still building its index; wait and check again")]
    [InlineData("InProgress", "is InProgress, not Active: Dataverse is still building its index; wait and check again")]
    [InlineData("Failed", "is Failed, not Active: its index build failed; remove duplicate values and reactivate the key (ReactivateEntityKey)")]
    public void Compare_KeyIndexNotActive_SaysWhatToDo(string status, string expected)
    {
        var live = Imported(keyStatus: status);

        var findings = EnvironmentCheck.Compare(Expected, live);

        Assert.Equal(3, findings.Count);
        var account = findings.Single(f => f.Table == "account");
        Assert.Equal((CheckFindingKind.KeyNotActive, "arc_accountnumber_key"), (account.Kind, account.Subject));
        Assert.Equal("account: alternate key arc_accountnumber_key (accountnumber) " + expected, account.Message);
    }

    [Fact]
    public void Compare_KeyUnderAnotherNameOnTheSameColumns_IsAccepted()
    {
        var live = Imported().Select(t => t.LogicalName == "account"
            ? t with { Keys = [new LiveKey("new_AccountNumberKey", ["AccountNumber"], "Active")] }
            : t).ToList();

        Assert.Empty(EnvironmentCheck.Compare(Expected, live));
    }

    [Fact]
    public void Compare_KeyWithTheNameButOtherColumns_IsMissing()
    {
        var live = Imported().Select(t => t.LogicalName == "arc_payment"
            ? t with { Keys = [new LiveKey("arc_paymentnumber_key", ["arc_reference"], "Active")] }
            : t).ToList();

        var finding = Assert.Single(EnvironmentCheck.Compare(Expected, live));

        Assert.Equal((CheckFindingKind.MissingKey, "arc_payment"), (finding.Kind, finding.Table));
    }

    [Fact]
    public void Compare_TableWithoutBulkMessages_IsAWarningNotAnError()
    {
        var live = Imported().Select(t => t.LogicalName == "salesorder" ? t with { BulkSupported = false } : t).ToList();

        var finding = Assert.Single(EnvironmentCheck.Compare(Expected, live));

        Assert.Equal((CheckFindingKind.BulkUnsupported, CheckSeverity.Warning), (finding.Kind, finding.Severity));
        Assert.Equal("warning: salesorder: UpsertMultiple is not supported; the connector will use $batch, which is slower", finding.ToString());
    }

    /// <summary>The environment after a successful import: every column, every key Active, change tracking as the solution sets it.</summary>
    private static List<LiveTable> Imported(string keyStatus = "Active") =>
    [
        .. Expected.Tables.Select(t => new LiveTable(
            t.LogicalName,
            [.. t.Columns.Select(c => c.LogicalName), t.PrimaryIdAttribute, "modifiedon"],
            [.. t.Keys.Select(k => new LiveKey(k.SchemaName, k.Attributes, keyStatus))],
            t.ChangeTrackingEnabled,
            BulkSupported: true)),
    ];
}
