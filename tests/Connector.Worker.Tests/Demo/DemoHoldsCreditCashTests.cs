using Connector.Worker.Tests.Support;

namespace Connector.Worker.Tests.Demo;

public class DemoHoldsCreditCashTests
{
    [Fact]
    public async Task Run_OnRealSamples_ShowsHoldsOrdersAndCashApplication()
    {
        var result = await InProcess.RunAsync("demo", "--samples", Samples.Folder);

        Assert.Equal(0, result.ExitCode);
        // 81 customers are held on the ERP's figures alone; the cash the cycle applied from the ERP's unapplied payments and the
        // day's bank statement (awaiting the ERP) lifts 14 of them.
        Assert.Contains("Credit holds (67 of 240 customers)", result.Output, StringComparison.Ordinal);
        Assert.Contains("Holds the applied cash lifted before the ERP booked it: ", result.Output, StringComparison.Ordinal);
        Assert.Contains("Cash exceptions worked (connector cash accept / assign)", result.Output, StringComparison.Ordinal);
        Assert.Contains("connector cash accept ", result.Output, StringComparison.Ordinal);
        Assert.Contains("connector cash assign ", result.Output, StringComparison.Ordinal);
        Assert.Matches(@"ERP writeback [1-9][0-9]* cash application rows \(", result.Output);
        // The day starts at the bank: the statement went through the bank drop folder, and the worked payments' rows went to the ERP.
        Assert.Contains("Bank statement through the bank drop folder (Bank:DropFolder): 13 payments the ERP has not booked, 12 accepted automatically, 1 queued", result.Output, StringComparison.Ordinal);
        // Six of the statement's entries are money the ERP's export books itself: recognised, counted once.
        Assert.Matches(@"Twins: 6 entries of the statement are the ERP's own unapplied payments \(B[0-9]{15} = PAY-[0-9]{6} \((reference|amount_customer_date)\), ", result.Output);
        Assert.Matches(@"To the ERP, cash-applications-[0-9a-f]{16}\.csv: ", result.Output);
        Assert.Matches(@"│ BNK-[0-9A-F]{12} ", result.Output);
        Assert.Matches(@"Payment BNK-[0-9A-F]{12}, worked by hand, lifted a credit hold: ", result.Output);
        Assert.Contains("is on credit hold — ", result.Output, StringComparison.Ordinal);
        Assert.Contains("│ Approved ", result.Output, StringComparison.Ordinal);
        Assert.Contains("│ Held ", result.Output, StringComparison.Ordinal);
        Assert.Contains("Order blocked: ", result.Output, StringComparison.Ordinal);
        Assert.Contains("Cash application (connector cash apply)", result.Output, StringComparison.Ordinal);
        Assert.Contains("match rate by amount", result.Output, StringComparison.Ordinal);
        // 'cash apply' now proposes for what the cycle left: the reference matches were accepted there already.
        Assert.Contains("applications by the combination rule", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_OnSmallFixture_ShowsTheHeldCustomerBlocked()
    {
        var result = await InProcess.RunAsync("demo", "--samples", Fixtures.Good);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Credit holds (3 of 5 customers)", result.Output, StringComparison.Ordinal);
        Assert.Contains("allowed (exit 0)", result.Output, StringComparison.Ordinal);
        Assert.Contains("blocked (exit 3)", result.Output, StringComparison.Ordinal);
        Assert.Contains("Order blocked: Beta GmbH, Berlin is on credit hold", result.Output, StringComparison.Ordinal);
    }
}
