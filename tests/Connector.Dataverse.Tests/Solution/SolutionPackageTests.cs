using System.Text.Json;
using System.Xml.Linq;
using Connector.Dataverse.Solution;
using Connector.DataverseSchemas;

namespace Connector.Dataverse.Tests.Solution;

public sealed class SolutionPackageTests
{
    private static readonly SolutionModel Shipped = SolutionPackage.Load(PackageFolder.Shipped);

    [Fact]
    public void Load_EveryXmlFile_IsWellFormed()
    {
        var files = Directory.GetFiles(PackageFolder.Shipped, "*.xml", SearchOption.AllDirectories);

        Assert.True(files.Length >= 9, $"expected the package's XML files, found {files.Length}");
        foreach (var file in files)
        {
            var exception = Record.Exception(() => XDocument.Load(file));
            Assert.True(exception is null, $"{file}: {exception?.Message}");
        }
    }

    [Fact]
    public void Load_ShippedPackage_NamesSolutionAndPublisher()
    {
        Assert.Equal("ReceivablesConnector", Shipped.UniqueName);
        Assert.Equal("1.0.0.0", Shipped.Version);
        Assert.Equal("arc", Shipped.PublisherPrefix);
        Assert.Equal(47200, Shipped.OptionValuePrefix);
        Assert.Equal(["account", "salesorder", "arc_openitem", "arc_payment"], Shipped.Tables.Select(t => t.LogicalName));
    }

    [Fact]
    public void Load_Account_HasEveryArColumnTheKeyAndChangeTracking()
    {
        var account = Shipped.Table("account")!;

        Assert.False(account.IsCustom);
        Assert.True(account.ChangeTrackingEnabled);
        Assert.Equal("accounts", account.EntitySetName);
        Assert.Equal([new SolutionKey("arc_accountnumber_key", ["accountnumber"])], account.Keys);
        foreach (var money in new[] { "arc_arbalance", "arc_overdueamount", "arc_exposure", "arc_availablecredit", "arc_aging_current", "arc_aging_1_30", "arc_aging_31_60", "arc_aging_61_90", "arc_aging_91_120", "arc_aging_121_plus", "creditlimit" })
        {
            Assert.Equal(SolutionColumnType.Money, account.Column(money)?.Type);
        }

        Assert.Equal(SolutionColumnType.Integer, account.Column("arc_oldestoverduedays")!.Type);
        Assert.Equal((SolutionColumnType.String, 200), (account.Column("arc_holdreasons")!.Type, account.Column("arc_holdreasons")!.MaxLength!.Value));
        Assert.Equal((SolutionColumnType.Memo, 2000), (account.Column("arc_holdmessage")!.Type, account.Column("arc_holdmessage")!.MaxLength!.Value));
        Assert.Equal(SolutionColumnType.DateTime, account.Column("arc_lastevaluatedon")!.Type);
        Assert.Equal(SolutionColumnType.Boolean, account.Column("arc_manualhold")!.Type);
        Assert.Equal(
            [new ChoiceOption(472_000_000, "A"), new ChoiceOption(472_000_001, "B"), new ChoiceOption(472_000_002, "C"), new ChoiceOption(472_000_003, "D")],
            account.Column("arc_riskclass")!.Options);
        Assert.Equal(["arc_holdreleasereason", "arc_holdreleaseuntil", "arc_manualhold"], account.Columns.Where(c => c.IsSecured).Select(c => c.LogicalName));
        Assert.False(account.Column("accountnumber")!.IsCustom);
        Assert.True(account.Column("arc_arbalance")!.IsCustom);
    }

    [Fact]
    public void Load_SalesOrder_HasCreditStatusAndSecuredReleaseReason()
    {
        var order = Shipped.Table("salesorder")!;

        Assert.True(order.ChangeTrackingEnabled);
        Assert.Equal(["Approved", "Held", "Released", "Rejected"], order.Column("arc_creditstatus")!.Options.Select(o => o.Label));
        Assert.Equal(472_000_002, order.Column("arc_creditstatus")!.OptionValue("released"));
        Assert.Equal(SolutionColumnType.Memo, order.Column("arc_creditmessage")!.Type);
        Assert.Equal(SolutionColumnType.DateTime, order.Column("arc_creditcheckedon")!.Type);
        Assert.True(order.Column("arc_releasereason")!.IsSecured);
        Assert.Equal(500, order.Column("arc_releasereason")!.MaxLength);
    }

    [Fact]
    public void Load_OpenItem_IsANewTableWithKeyLookupAndDateOnlyDates()
    {
        var item = Shipped.Table("arc_openitem")!;

        Assert.True(item.IsCustom);
        Assert.False(item.ChangeTrackingEnabled);
        Assert.Equal(("arc_openitems", "arc_openitemid", "arc_documentnumber"), (item.EntitySetName, item.PrimaryIdAttribute, item.PrimaryNameAttribute));
        Assert.Equal([new SolutionKey("arc_documentnumber_key", ["arc_documentnumber"])], item.Keys);
        var lookup = item.Column("arc_accountid")!;
        Assert.Equal((SolutionColumnType.Lookup, "arc_AccountId"), (lookup.Type, lookup.SchemaName));
        Assert.Equal(["account"], lookup.Targets);
        Assert.True(item.Column("arc_duedate")!.DateOnly);
        Assert.True(item.Column("arc_documentdate")!.DateOnly);
        Assert.Equal(3, item.Column("arc_currency")!.MaxLength);
        Assert.Equal(["Open", "Paid", "Disputed", "Written off"], item.Column("arc_status")!.Options.Select(o => o.Label));
        Assert.Equal(["Invoice", "Credit memo"], item.Column("arc_documenttype")!.Options.Select(o => o.Label));
    }

    [Fact]
    public void Load_Payment_IsANewTableWithKeyAndStatus()
    {
        var payment = Shipped.Table("arc_payment")!;

        Assert.Equal(("arc_payments", "arc_paymentid", "arc_paymentnumber"), (payment.EntitySetName, payment.PrimaryIdAttribute, payment.PrimaryNameAttribute));
        Assert.Equal([new SolutionKey("arc_paymentnumber_key", ["arc_paymentnumber"])], payment.Keys);
        Assert.Equal(["account"], payment.Column("arc_accountid")!.Targets);
        Assert.Equal(["Unapplied", "Partially applied", "Applied"], payment.Column("arc_status")!.Options.Select(o => o.Label));
        Assert.All(new[] { "arc_amount", "arc_appliedamount", "arc_unappliedamount" }, c => Assert.Equal(SolutionColumnType.Money, payment.Column(c)!.Type));
        Assert.Equal(500, payment.Column("arc_reference")!.MaxLength);
    }

    [Fact]
    public void Load_FieldSecurity_ArManagersMayWriteEverySecuredColumn()
    {
        var secured = Shipped.Tables.SelectMany(t => t.Columns.Where(c => c.IsSecured).Select(c => $"{t.LogicalName}.{c.LogicalName}")).Order(StringComparer.Ordinal);
        var managers = Shipped.FieldSecurityProfiles.Single(p => p.Name.StartsWith("AR Managers", StringComparison.Ordinal));

        Assert.Equal(secured, managers.Permissions.Where(p => p is { CanRead: true, CanCreate: true, CanUpdate: true }).Select(p => $"{p.Table}.{p.Column}").Order(StringComparer.Ordinal));
        var service = Shipped.FieldSecurityProfiles.Single(p => p.Name.StartsWith("Receivables Connector", StringComparison.Ordinal));
        Assert.All(service.Permissions, p => Assert.True(p.CanRead, $"the connector must read {p.Table}.{p.Column} back"));
    }

    [Fact]
    public void Load_EveryDataverseColumnAMappingNames_ExistsInThePackage()
    {
        var named = new List<(string File, string Table, string Column)>();
        foreach (var file in Directory.GetFiles(Path.Combine(PackageFolder.RepositoryRoot, "mappings"), "*.json"))
        {
            using var json = JsonDocument.Parse(File.ReadAllText(file));
            if (json.RootElement.TryGetProperty("dataverse", out var dataverse))
            {
                var table = dataverse.GetProperty("table").GetString()!;
                named.AddRange(dataverse.GetProperty("columns").EnumerateObject().Select(c => (Path.GetFileName(file), table, c.Value.GetString()!)));
            }
        }

        Assert.True(named.Count >= 15, $"expected the shipped mappings' Dataverse columns, found {named.Count}");
        Assert.Empty(named.Where(n => !Shipped.HasColumn(n.Table, n.Column)).Select(n => $"{n.File}: {n.Table}.{n.Column}"));
        Assert.Contains("arc_openitem.arc_openamount", Shipped.QualifiedColumnNames());
    }

    [Fact]
    public void Load_MalformedEntityXml_NamesFileAndLine()
    {
        using var package = PackageFolder.Copy();
        package.Edit("Entities/arc_Payment/Entity.xml", "<EntitySetName>arc_payments</EntitySetName>", "<EntitySetName>arc_payments</EntitySet>");

        var error = Assert.Throws<SolutionPackageException>(() => SolutionPackage.Load(package.Path));

        Assert.Equal("Entities/arc_Payment/Entity.xml", error.File);
        Assert.StartsWith("Entities/arc_Payment/Entity.xml: line ", error.Message, StringComparison.Ordinal);
        Assert.Contains("not well-formed XML", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Load_AttributeWithoutType_NamesTheAttribute()
    {
        using var package = PackageFolder.Copy();
        package.Edit("Entities/SalesOrder/Entity.xml", "<Type>ntext</Type>\n          <Name>arc_creditmessage</Name>", "<Name>arc_creditmessage</Name>");

        var error = Assert.Throws<SolutionPackageException>(() => SolutionPackage.Load(package.Path));

        Assert.Matches("^Entities/SalesOrder/Entity.xml: line \\d+: <attribute PhysicalName=\"arc_CreditMessage\"> has no <Type>$", error.Message);
    }

    [Fact]
    public void Load_MissingOptionValuePrefix_NamesSolutionXml()
    {
        using var package = PackageFolder.Copy();
        package.Edit("Other/Solution.xml", "<CustomizationOptionValuePrefix>47200</CustomizationOptionValuePrefix>", string.Empty);

        var error = Assert.Throws<SolutionPackageException>(() => SolutionPackage.Load(package.Path));

        Assert.Matches("^Other/Solution.xml: line \\d+: <Publisher> has no <CustomizationOptionValuePrefix>$", error.Message);
    }

    [Fact]
    public void Load_ChoiceValueOutsideThePublisherRange_IsRejected()
    {
        using var package = PackageFolder.Copy();
        package.Edit("Entities/arc_Payment/Entity.xml", "<option value=\"472000002\"", "<option value=\"100000002\"");

        var error = Assert.Throws<SolutionPackageException>(() => SolutionPackage.Load(package.Path));

        Assert.Equal("Entities/arc_Payment/Entity.xml: column arc_status: choice value 100000002 ('Applied') is outside the publisher's range 472000000–472009999", error.Message);
    }

    [Fact]
    public void Load_SecuredColumnInAKey_IsRejected()
    {
        using var package = PackageFolder.Copy();
        package.Edit("Entities/Account/Entity.xml", "<AttributeName>accountnumber</AttributeName>", "<AttributeName>arc_holdreleasereason</AttributeName>");

        var error = Assert.Throws<SolutionPackageException>(() => SolutionPackage.Load(package.Path));

        Assert.Equal("Entities/Account/Entity.xml: key arc_accountnumber_key: column arc_holdreleasereason has field-level security, which a key column cannot have", error.Message);
    }

    [Fact]
    public void Load_ProfileGrantingAnUnsecuredColumn_IsRejected()
    {
        using var package = PackageFolder.Copy();
        package.Edit("Other/FieldSecurityProfiles.xml", "<AttributeName>arc_releasereason</AttributeName>", "<AttributeName>arc_creditmessage</AttributeName>");

        var error = Assert.Throws<SolutionPackageException>(() => SolutionPackage.Load(package.Path));

        Assert.Matches("^Other/FieldSecurityProfiles.xml: line \\d+: profile 'AR Managers – credit release' grants salesorder.arc_creditmessage, which is not a secured column of the package", error.Message);
    }

    [Fact]
    public void Load_LookupWithoutRelationship_IsRejected()
    {
        using var package = PackageFolder.Copy();
        File.Delete(package.File("Other/Relationships/Account.xml"));

        var error = Assert.Throws<SolutionPackageException>(() => SolutionPackage.Load(package.Path));

        Assert.Matches("^Entities/arc_OpenItem/Entity.xml: line \\d+: <attribute PhysicalName=\"arc_AccountId\">: lookup with no relationship", error.Message);
    }

    [Fact]
    public void Readme_AllowedNewerElements_AreEachListedWithTheirEvidence()
    {
        var readme = File.ReadAllText(Path.Combine(PackageFolder.Shipped, "README.md"));

        Assert.All(SolutionSchemas.NewerElements, entry =>
        {
            Assert.Contains($"| `{entry}` |", readme, StringComparison.Ordinal);
            Assert.All(entry.Evidence, e => Assert.True(
                readme.Contains(e.Repo, StringComparison.Ordinal) && readme.Contains($"`{e.Path}`", StringComparison.Ordinal) && readme.Contains(e.Commit[..7], StringComparison.Ordinal),
                $"solution-package/README.md does not name {e}"));
        });
    }

    [Theory]
    [InlineData("arc_openitem", "arc_openitems")]
    [InlineData("arc_company", "arc_companies")]
    [InlineData("arc_key", "arc_keys")]
    [InlineData("arc_address", "arc_addresses")]
    [InlineData("arc_batch", "arc_batches")]
    public void Plural_LogicalName_FollowsTheEnglishRule(string logicalName, string expected) =>
        Assert.Equal(expected, EntitySetNames.Plural(logicalName));
}
