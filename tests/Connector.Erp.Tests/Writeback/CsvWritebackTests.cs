using System.Text;
using Connector.Erp.Csv;
using Connector.Erp.Tests.Csv;
using Connector.Erp.Writeback;
using Connector.Sync.Ports;
using Connector.Testing;

namespace Connector.Erp.Tests.Writeback;

public sealed class CsvWritebackTests : IDisposable
{
    private readonly TempDirectory directory = new("connector-writeback-");

    public void Dispose() => directory.Dispose();

    private string Folder => directory.File("writeback");

    [Fact]
    public async Task WriteAsync_Batch_TwoRfc4180FilesNamedByBatchId()
    {
        var result = await new CsvWriteback(Folder).WriteAsync(WritebackBatches.Sample(), CancellationToken.None);

        var holds = Path.Combine(Folder, "credit-holds-00c0ffee12345678.csv");
        var orders = Path.Combine(Folder, "order-credit-00c0ffee12345678.csv");
        Assert.Equal($"{holds}, {orders}", result.Destination);
        Assert.Equal(
            "customer_id,on_hold,hold_codes,hold_message,as_of\r\n" +
            "C-1,1,OVERDUE_AGE,\"Contoso, Ltd is on credit hold — 1 invoice more than 60 days overdue (1,500.00 USD). Contact Jane \"\"JD\"\" Doe (Collections) to request a release.\",2026-11-22\r\n" +
            "C-2,0,,,2026-11-22\r\n",
            await File.ReadAllTextAsync(holds));
        Assert.Equal(
            "order_id,customer_id,decision,reason_codes,message,currency,order_amount,exposure,credit_limit,available_credit,as_of\r\n" +
            "SO-1,C-1,Held,ON_HOLD;OVERDUE_AGE,\"Order blocked: Contoso, Ltd is on credit hold — 1 invoice more than 60 days overdue (1,500.00 USD). Contact Jane \"\"JD\"\" Doe (Collections) to request a release.\",USD,400.00,2150.00,5000.00,2850.00,2026-11-22\r\n" +
            "SO-2,C-2,Approved,,\"Order allowed: exposure after this order 900.00 USD of a 5,000.00 USD limit (4,100.00 USD available).\",JPY,900,900,,,2026-11-22\r\n",
            await File.ReadAllTextAsync(orders));
        Assert.NotEqual(0xEF, (await File.ReadAllBytesAsync(holds))[0]); // no byte order mark
    }

    [Fact]
    public async Task WriteAsync_CashApplications_OneCashFileWithEveryColumn()
    {
        var result = await new CsvWriteback(Folder).WriteAsync(WritebackBatches.Cash(), CancellationToken.None);

        var cash = Path.Combine(Folder, "cash-applications-00cafe0000000001.csv");
        Assert.Equal(cash, result.Destination);
        Assert.Equal(
            "application_key,action,payment_id,bank_reference,invoice_id,customer_id,amount,currency,write_off_amount,fx_amount,method,accepted_by,accepted_at\r\n" +
            "BANK-1|INV-1|1|apply,apply,BANK-1,CAMT-REF-1,INV-1,C-1,1000.00,USD,0.00,0.00,reference,connector,2026-11-22T06:00:00Z\r\n" +
            "BANK-1|INV-2|1|apply,apply,BANK-1,CAMT-REF-1,INV-2,C-1,499.50,USD,0.50,0.00,manual,cli:jdoe,2026-11-22T06:30:00Z\r\n" +
            "PAY-7|INV-9|1|unapply,unapply,PAY-7,,INV-9,C-2,-300,JPY,0,0,exact_amount,connector,2026-11-21T06:00:00Z\r\n",
            await File.ReadAllTextAsync(cash));
        Assert.Single(Directory.GetFiles(Folder));
    }

    [Fact]
    public async Task WriteAsync_DunningCharges_OneChargesFileWithEveryColumn()
    {
        var result = await new CsvWriteback(Folder).WriteAsync(WritebackBatches.Charges(), CancellationToken.None);

        var charges = Path.Combine(Folder, "dunning-charges-00dead0000000001.csv");
        Assert.Equal(charges, result.Destination);
        Assert.Equal(
            "charge_key,customer_id,case_id,level,invoice_id,currency,open_amount,due_date,days_overdue,interest_rate_percent,interest_amount,fee_amount,letter_date\r\n" +
            "CASE-C-1|L3|2026-11-22|INV-1,C-1,CASE-C-1,3,INV-1,EUR,10000.00,2026-10-07,46,10.15,127.92,40.00,2026-11-22\r\n" +
            "CASE-C-1|L3|2026-11-22|INV-2,C-1,CASE-C-1,3,INV-2,EUR,2500.00,2026-11-12,10,10.15,6.95,40.00,2026-11-22\r\n",
            await File.ReadAllTextAsync(charges));
        Assert.Single(Directory.GetFiles(Folder));
    }

    [Fact]
    public async Task WriteAsync_SameBatchTwice_SameSingleFilesAndNoTemporaryLeft()
    {
        var writeback = new CsvWriteback(Folder);
        await writeback.WriteAsync(WritebackBatches.Sample(), CancellationToken.None);
        var first = await File.ReadAllBytesAsync(Path.Combine(Folder, "credit-holds-00c0ffee12345678.csv"));

        await writeback.WriteAsync(WritebackBatches.Sample(), CancellationToken.None);

        Assert.Equal(["credit-holds-00c0ffee12345678.csv", "order-credit-00c0ffee12345678.csv"], Directory.GetFiles(Folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(first, await File.ReadAllBytesAsync(Path.Combine(Folder, "credit-holds-00c0ffee12345678.csv")));
    }

    [Fact]
    public async Task WriteAsync_NoOrderRows_OnlyTheHoldFile()
    {
        var batch = WritebackBatches.Sample() with { Orders = [] };

        await new CsvWriteback(Folder).WriteAsync(batch, CancellationToken.None);

        Assert.Equal(["credit-holds-00c0ffee12345678.csv"], Directory.GetFiles(Folder).Select(Path.GetFileName));
    }

    [Fact]
    public async Task WriteAsync_FolderIsAFile_OneLineErpWritebackException()
    {
        File.WriteAllText(Folder, "not a folder");

        var error = await Assert.ThrowsAsync<ErpWritebackException>(() => new CsvWriteback(Folder).WriteAsync(WritebackBatches.Sample(), CancellationToken.None));

        Assert.StartsWith($"ERP writeback: cannot write {Path.Combine(Folder, "credit-holds-00c0ffee12345678.csv")}: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task WriteAsync_DefaultFolderUnderTheDropFolder_NeverReadBackAsAnExport()
    {
        var options = new ErpOptions { DropFolder = directory.Path };
        var writeback = Assert.IsType<CsvWriteback>(ErpSourceFactory.CreateWriteback(options, TimeProvider.System));
        await writeback.WriteAsync(WritebackBatches.Sample(), CancellationToken.None);
        var source = new CsvDropSource(directory.Path, TimeSpan.Zero, TimeProvider.System);

        var units = await source.DiscoverAsync("customers", DropFolder.Spec("*.csv"), CancellationToken.None);

        Assert.Equal(Path.Combine(directory.Path, "writeback"), writeback.Destination);
        Assert.Equal(2, Directory.GetFiles(writeback.Destination).Length);
        Assert.Empty(units);
    }

    [Fact]
    public void Validate_WritebackFolderIsTheDropFolder_Refused()
    {
        var options = new ErpOptions { DropFolder = directory.Path, WritebackFolder = directory.Path + Path.DirectorySeparatorChar };

        Assert.Equal(
            [$"Erp:WritebackFolder must not be the drop folder itself: the CSV source would read the writeback files back as exports (leave it empty for <DropFolder>/writeback) (was '{options.WritebackFolder}')."],
            ErpOptionsTests.Failures(options));
        options.Writeback = false;
        Assert.Empty(ErpOptionsTests.Failures(options));
    }
}
