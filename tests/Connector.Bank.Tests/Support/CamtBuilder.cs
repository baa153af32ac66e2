using System.Globalization;
using System.Security;
using System.Text;

namespace Connector.Bank.Tests.Support;

/// <summary>One transaction of an entry: who paid, from where, with what remittance (and its own amount in a batch).</summary>
internal sealed record CamtTx(string? EndToEndId = null, decimal? Amount = null, string? Payer = null, string? PayerIban = null, string? Ustrd = null, string? DocumentNumber = null, string? CreditorReference = null);

/// <summary>One entry of a statement or notification.</summary>
internal sealed record CamtEntry(decimal Amount, bool Credit = true, string? AcctSvcrRef = null, string Date = "2026-11-16", bool Reversal = false, string Status = "BOOK", string? AdditionalInfo = null, params CamtTx[] Transactions);

/// <summary>Writes camt.053.001.08 statements and camt.054.001.08 notifications that are valid against the official XSDs.</summary>
internal static class CamtBuilder
{
    public static string Statement(string account, params CamtEntry[] entries) => Document("053", account, entries);

    public static string Notification(string account, params CamtEntry[] entries) => Document("054", account, entries);

    private static string Document(string kind, string account, CamtEntry[] entries)
    {
        var xml = new StringBuilder();
        var (root, section) = kind == "053" ? ("BkToCstmrStmt", "Stmt") : ("BkToCstmrDbtCdtNtfctn", "Ntfctn");
        xml.Append(CultureInfo.InvariantCulture, $"""<?xml version="1.0" encoding="UTF-8"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.{kind}.001.08"><{root}>""");
        xml.Append("<GrpHdr><MsgId>MSG-1</MsgId><CreDtTm>2026-11-16T18:00:00</CreDtTm></GrpHdr>");
        xml.Append(CultureInfo.InvariantCulture, $"<{section}><Id>{kind}-1</Id><CreDtTm>2026-11-16T18:00:00</CreDtTm><Acct><Id><IBAN>{account}</IBAN></Id><Ccy>EUR</Ccy></Acct>");
        if (kind == "053")
        {
            xml.Append("<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">0.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-11-16</Dt></Dt></Bal>");
        }

        foreach (var entry in entries)
        {
            xml.Append(CultureInfo.InvariantCulture, $"<Ntry><Amt Ccy=\"EUR\">{entry.Amount:0.00}</Amt><CdtDbtInd>{(entry.Credit ? "CRDT" : "DBIT")}</CdtDbtInd>");
            if (entry.Reversal)
            {
                xml.Append("<RvslInd>true</RvslInd>");
            }

            xml.Append(CultureInfo.InvariantCulture, $"<Sts><Cd>{entry.Status}</Cd></Sts><BookgDt><Dt>{entry.Date}</Dt></BookgDt><ValDt><Dt>{entry.Date}</Dt></ValDt>");
            if (entry.AcctSvcrRef is { } reference)
            {
                xml.Append(CultureInfo.InvariantCulture, $"<AcctSvcrRef>{Escape(reference)}</AcctSvcrRef>");
            }

            xml.Append("<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>");
            if (entry.Transactions.Length > 0)
            {
                xml.Append("<NtryDtls>");
                foreach (var tx in entry.Transactions)
                {
                    xml.Append("<TxDtls>");
                    if (tx.EndToEndId is { } endToEnd)
                    {
                        xml.Append(CultureInfo.InvariantCulture, $"<Refs><EndToEndId>{Escape(endToEnd)}</EndToEndId></Refs>");
                    }

                    if (tx.Amount is { } amount)
                    {
                        xml.Append(CultureInfo.InvariantCulture, $"<Amt Ccy=\"EUR\">{amount:0.00}</Amt><CdtDbtInd>{(entry.Credit ? "CRDT" : "DBIT")}</CdtDbtInd>");
                    }

                    if (tx.Payer is not null || tx.PayerIban is not null)
                    {
                        xml.Append("<RltdPties>");
                        if (tx.Payer is { } payer)
                        {
                            xml.Append(CultureInfo.InvariantCulture, $"<Dbtr><Pty><Nm>{Escape(payer)}</Nm></Pty></Dbtr>");
                        }

                        if (tx.PayerIban is { } iban)
                        {
                            xml.Append(CultureInfo.InvariantCulture, $"<DbtrAcct><Id><IBAN>{iban}</IBAN></Id></DbtrAcct>");
                        }

                        xml.Append("</RltdPties>");
                    }

                    if (tx.Ustrd is not null || tx.DocumentNumber is not null || tx.CreditorReference is not null)
                    {
                        xml.Append("<RmtInf>");
                        if (tx.Ustrd is { } text)
                        {
                            xml.Append(CultureInfo.InvariantCulture, $"<Ustrd>{Escape(text)}</Ustrd>");
                        }

                        if (tx.DocumentNumber is not null || tx.CreditorReference is not null)
                        {
                            xml.Append("<Strd>");
                            if (tx.DocumentNumber is { } number)
                            {
                                xml.Append(CultureInfo.InvariantCulture, $"<RfrdDocInf><Nb>{Escape(number)}</Nb></RfrdDocInf>");
                            }

                            if (tx.CreditorReference is { } creditorReference)
                            {
                                xml.Append(CultureInfo.InvariantCulture, $"<CdtrRefInf><Ref>{Escape(creditorReference)}</Ref></CdtrRefInf>");
                            }

                            xml.Append("</Strd>");
                        }

                        xml.Append("</RmtInf>");
                    }

                    xml.Append("</TxDtls>");
                }

                xml.Append("</NtryDtls>");
            }

            if (entry.AdditionalInfo is { } info)
            {
                xml.Append(CultureInfo.InvariantCulture, $"<AddtlNtryInf>{Escape(info)}</AddtlNtryInf>");
            }

            xml.Append("</Ntry>");
        }

        xml.Append(CultureInfo.InvariantCulture, $"</{section}></{root}></Document>");
        return xml.ToString();
    }

    private static string Escape(string text) => SecurityElement.Escape(text)!;
}
