namespace Connector.Sync.Bank;

/// <summary>What one read of the bank drop folder did: per file, and the entries' fate.</summary>
public sealed class BankIntakeReport
{
    /// <summary>Files read to their end (and archived).</summary>
    public List<string> Files { get; } = [];

    /// <summary>Files read before (the same content dropped again): only archived.</summary>
    public List<string> AlreadyRead { get; } = [];

    /// <summary>Files left where they are for a later run, each with why (<c>stmt.xml: left for the next run: …</c>).</summary>
    public List<string> Skipped { get; } = [];

    /// <summary>Files quarantined as a whole, each with why (not valid against the XSD, control totals that do not add up).</summary>
    public List<string> FileProblems { get; } = [];

    /// <summary>Things a person should look at that stop nothing (a reversal that matches no payment).</summary>
    public List<string> Warnings { get; } = [];

    /// <summary>Entries read from the files read.</summary>
    public long Read { get; set; }

    /// <summary>Credits to the company's accounts seen for the first time: new payments (or pending ones).</summary>
    public long NewPayments { get; set; }

    /// <summary>Entries reported again (a camt.053 confirming a camt.054): merged into the stored entry, never a second payment.</summary>
    public long SeenAgain { get; set; }

    /// <summary>Payments undone by a reversal or return.</summary>
    public long Reversed { get; set; }

    /// <summary>Debits, and entries of accounts that are not the company's (<c>Bank:Accounts</c>): not payments.</summary>
    public long Ignored { get; set; }

    /// <summary>Entries that could not be read, quarantined as dead letters.</summary>
    public long Quarantined { get; set; }

    /// <summary>What people should read: files quarantined or left for later, and the warnings, each <c>bank: …</c>.</summary>
    public IEnumerable<string> Problems => FileProblems.Concat(Skipped).Concat(Warnings).Select(static line => "bank: " + line);

    /// <summary>One line for people: <c>bank: 2 files, 14 entries: 9 new payments, 1 seen again, 1 reversed, 3 ignored, 0 quarantined</c>.</summary>
    public string Summary =>
        $"bank statements: {Files.Count} file(s) read, {Read} entries: {NewPayments} new payment(s), {SeenAgain} seen again, {Reversed} reversed, {Ignored} ignored (debits, other accounts), {Quarantined} quarantined";
}
