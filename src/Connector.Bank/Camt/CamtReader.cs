using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using Connector.Bank.Accounts;
using Connector.Sync.Ports;

namespace Connector.Bank.Camt;

/// <summary>
/// Reads an ISO 20022 camt.053 or camt.054 (.001.02 or .001.08) in one streaming pass, validated against its official XSD
/// as it is read: a document that is not valid is refused as a whole with the first violation (line, position, what), so a
/// half-valid statement never lands. Each entry (<c>Ntry</c>) is one movement; a batch entry with several <c>TxDtls</c> is
/// one movement per transaction, each with its own amount, payer and remittance.
/// </summary>
public static class CamtReader
{
    private const string NotProvided = "NOTPROVIDED";

    public static BankStatementRead Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        string? invalid = null;
        var settings = new XmlReaderSettings
        {
            ValidationType = ValidationType.Schema,
            Schemas = CamtSchemas.Set,
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreWhitespace = true,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
        };
        settings.ValidationEventHandler += (_, e) =>
        {
            if (e.Severity == XmlSeverityType.Error)
            {
                invalid ??= string.Create(CultureInfo.InvariantCulture, $"line {e.Exception.LineNumber}, position {e.Exception.LinePosition}: {e.Message}");
            }
        };

        var message = "camt";
        var entries = new List<BankStatementEntry>();
        var problems = new List<BankEntryProblem>();
        try
        {
            using var reader = XmlReader.Create(stream, settings);
            reader.MoveToContent();
            if (!CamtSchemas.Messages.TryGetValue(reader.NamespaceURI, out var known))
            {
                return BankStatementRead.Failed(message, $"not a camt.053 or camt.054 message of version .001.02 or .001.08 (its root is <{reader.Name}> in namespace '{reader.NamespaceURI}')");
            }

            message = known;
            var statement = 0;
            var entry = 0;
            var account = "";
            while (!reader.EOF && invalid is null)
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    reader.Read();
                    continue;
                }

                if (reader.Depth == 2 && reader.LocalName is "Stmt" or "Ntfctn")
                {
                    statement++;
                    entry = 0;
                    account = "";
                }
                else if (reader.Depth == 3 && reader.LocalName == "Acct")
                {
                    account = AccountOf((XElement)XNode.ReadFrom(reader)) ?? "";
                    continue;
                }
                else if (reader.Depth == 3 && reader.LocalName == "Ntry")
                {
                    entry++;
                    var element = (XElement)XNode.ReadFrom(reader);
                    Entries(element, account, string.Create(CultureInfo.InvariantCulture, $"{(message.StartsWith("camt.053", StringComparison.Ordinal) ? "Stmt" : "Ntfctn")} {statement} Ntry {entry}"), entries, problems);
                    continue;
                }

                reader.Read();
            }
        }
        catch (XmlException e)
        {
            return BankStatementRead.Failed(message, string.Create(CultureInfo.InvariantCulture, $"not well-formed XML: line {e.LineNumber}, position {e.LinePosition}: {e.Message}"));
        }

        return invalid is null
            ? new BankStatementRead(message, entries, problems)
            : BankStatementRead.Failed(message, $"not valid against {message}.xsd: {invalid}");
    }

    /// <summary>The movements of one entry: one without transaction details, or one per <c>TxDtls</c>.</summary>
    private static void Entries(XElement ntry, string account, string locator, List<BankStatementEntry> entries, List<BankEntryProblem> problems)
    {
        var ns = ntry.Name.Namespace;
        var amount = ntry.Element(ns + "Amt");
        var entry = new BankStatementEntry
        {
            Locator = locator,
            Account = account,
            Amount = Amount(amount),
            Currency = (string?)amount?.Attribute("Ccy") ?? "",
            IsCredit = (string?)ntry.Element(ns + "CdtDbtInd") == "CRDT",
            IsReversal = (string?)ntry.Element(ns + "RvslInd") is "true" or "1",
            Status = ntry.Element(ns + "Sts")?.Value.Trim() ?? "BOOK",
            BookingDate = Date(ntry.Element(ns + "BookgDt")),
            ValueDate = Date(ntry.Element(ns + "ValDt")),
            BankReference = Text(ntry.Element(ns + "AcctSvcrRef")),
            TypeCode = TransactionCode(ntry.Element(ns + "BkTxCd")),
        };
        var additional = Text(ntry.Element(ns + "AddtlNtryInf"));
        if (account.Length == 0)
        {
            problems.Add(new(locator, "Acct", "the statement names no account (Acct/Id/IBAN or Othr/Id)", ntry.ToString(SaveOptions.DisableFormatting)));
            return;
        }

        if (entry.Date is null)
        {
            problems.Add(new(locator, "BookgDt", "the entry has neither a booking date (BookgDt) nor a value date (ValDt)", ntry.ToString(SaveOptions.DisableFormatting)));
            return;
        }

        var transactions = ntry.Elements(ns + "NtryDtls").SelectMany(d => d.Elements(ns + "TxDtls")).ToList();
        if (transactions.Count == 0)
        {
            entries.Add(entry with { Remittance = additional });
            return;
        }

        if (transactions.Count > 1 && transactions.Any(tx => TransactionAmount(tx) is null))
        {
            // A batch whose transactions carry no amounts of their own cannot be split: it is one movement of the entry's
            // amount, with every transaction's remittance.
            var parts = transactions.Select(tx => Transaction(tx, entry, null, batch: false)!).ToList();
            var endToEnd = parts.Select(static p => p.EndToEndId).Distinct().ToList();
            var texts = parts.Select(static p => p.Remittance).OfType<string>().Append(additional).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            entries.Add(parts[0] with
            {
                EndToEndId = endToEnd.Count == 1 ? endToEnd[0] : null,
                Remittance = texts.Count == 0 ? null : string.Join(" ", texts),
            });
            return;
        }

        for (var i = 0; i < transactions.Count; i++)
        {
            var tx = transactions[i];
            var batch = transactions.Count > 1;
            var where = batch ? string.Create(CultureInfo.InvariantCulture, $"{locator} TxDtls {i + 1}") : locator;
            var one = Transaction(tx, entry with { Locator = where }, additional, batch);
            if (one is null)
            {
                problems.Add(new(where, "TxDtls/Amt", "a transaction of a batch entry has no amount of its own (Amt or AmtDtls/TxAmt/Amt): the batch cannot be split", tx.ToString(SaveOptions.DisableFormatting)));
                continue;
            }

            entries.Add(one);
        }
    }

    /// <summary>One transaction of an entry: its references, payer and remittance; its own amount when it is one of a batch.</summary>
    private static BankStatementEntry? Transaction(XElement tx, BankStatementEntry entry, string? additional, bool batch)
    {
        var ns = tx.Name.Namespace;
        var refs = tx.Element(ns + "Refs");
        var endToEnd = Text(refs?.Element(ns + "EndToEndId"));
        var ownReference = Text(refs?.Element(ns + "AcctSvcrRef"));
        if (batch)
        {
            var amount = TransactionAmount(tx);
            if (amount is null)
            {
                return null;
            }

            entry = entry with
            {
                Amount = Amount(amount),
                Currency = (string?)amount.Attribute("Ccy") ?? entry.Currency,
                IsCredit = tx.Element(ns + "CdtDbtInd") is { } indicator ? (string)indicator == "CRDT" : entry.IsCredit,

                // The entry's reference is the batch's: each transaction needs its own to be told apart when reported again.
                BankReference = ownReference ?? (entry.BankReference is { } batchReference ? $"{batchReference}/{endToEnd ?? entry.Locator[(entry.Locator.LastIndexOf(' ') + 1)..]}" : null),
            };
        }
        else if (ownReference is not null && entry.BankReference is null)
        {
            entry = entry with { BankReference = ownReference };
        }

        var debtor = tx.Element(ns + "RltdPties")?.Element(ns + "Dbtr");
        var debtorAccount = tx.Element(ns + "RltdPties")?.Element(ns + "DbtrAcct");
        var remittance = tx.Element(ns + "RmtInf");
        var parts = new List<string>();
        if (remittance is not null)
        {
            parts.AddRange(remittance.Elements(ns + "Ustrd").Select(Text).OfType<string>());
            foreach (var structured in remittance.Elements(ns + "Strd"))
            {
                parts.AddRange(structured.Elements(ns + "RfrdDocInf").Select(d => Text(d.Element(ns + "Nb"))).OfType<string>());
                parts.AddRange(structured.Elements(ns + "CdtrRefInf").Select(r => Text(r.Element(ns + "Ref"))).OfType<string>());
                parts.AddRange(structured.Elements(ns + "AddtlRmtInf").Select(Text).OfType<string>());
            }
        }

        if (additional is not null)
        {
            parts.Add(additional);
        }

        return entry with
        {
            EndToEndId = endToEnd is NotProvided ? null : endToEnd,
            PayerName = Text(debtor?.Element(ns + "Nm") ?? debtor?.Element(ns + "Pty")?.Element(ns + "Nm")),
            PayerAccount = AccountOf(debtorAccount),
            Remittance = parts.Count == 0 ? null : string.Join(" ", parts.Distinct(StringComparer.Ordinal)),
        };
    }

    /// <summary>A transaction's own amount: <c>Amt</c> (.001.08) or <c>AmtDtls/TxAmt/Amt</c>.</summary>
    private static XElement? TransactionAmount(XElement tx)
    {
        var ns = tx.Name.Namespace;
        return tx.Element(ns + "Amt") ?? tx.Element(ns + "AmtDtls")?.Element(ns + "TxAmt")?.Element(ns + "Amt");
    }

    /// <summary>An account's IBAN, else its other id, normalized; <c>null</c> when it has neither.</summary>
    private static string? AccountOf(XElement? account)
    {
        var id = account?.Element(account.Name.Namespace + "Id");
        if (id is null)
        {
            return null;
        }

        var ns = id.Name.Namespace;
        var value = Text(id.Element(ns + "IBAN")) ?? Text(id.Element(ns + "Othr")?.Element(ns + "Id"));
        return value is null ? null : BankAccount.Normalize(value);
    }

    /// <summary><c>PMNT/RCDT/ESCT</c> (domain, family, sub-family) or the proprietary code.</summary>
    private static string? TransactionCode(XElement? code)
    {
        if (code is null)
        {
            return null;
        }

        var ns = code.Name.Namespace;
        if (code.Element(ns + "Domn") is { } domain)
        {
            var family = domain.Element(ns + "Fmly");
            return $"{Text(domain.Element(ns + "Cd"))}/{Text(family?.Element(ns + "Cd"))}/{Text(family?.Element(ns + "SubFmlyCd"))}";
        }

        return Text(code.Element(ns + "Prtry")?.Element(ns + "Cd"));
    }

    private static decimal Amount(XElement? amount) =>
        amount is null ? 0m : Math.Abs(decimal.Parse(amount.Value.Trim(), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));

    /// <summary>A <c>Dt</c> or the date part of a <c>DtTm</c> as the bank wrote it (its own calendar day, whatever the offset).</summary>
    private static DateOnly? Date(XElement? date)
    {
        var ns = date?.Name.Namespace ?? XNamespace.None;
        var text = Text(date?.Element(ns + "Dt")) ?? Text(date?.Element(ns + "DtTm"));
        return text is { Length: >= 10 } && DateOnly.TryParseExact(text[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
    }

    private static string? Text(XElement? element) =>
        element is null || string.IsNullOrWhiteSpace(element.Value) ? null : element.Value.Trim();
}
