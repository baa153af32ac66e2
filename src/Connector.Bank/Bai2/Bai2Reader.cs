using System.Globalization;
using Connector.Bank.Accounts;
using Connector.Sync.Ports;

namespace Connector.Bank.Bai2;

/// <summary>
/// Reads a BAI2 file (Bank Administration Institute, version 2): file (01/99), groups (02/98), accounts (03/49), transaction
/// details (16) continued by 88 records. Every trailer is checked against what it closes — the control total (the sum of the
/// amounts of the 03 and 16 records within) and the number of records — and a file whose figures do not add up is refused as a
/// whole with the trailer that disagrees: a statement missing a line must not land as if it were complete.
/// </summary>
public static class Bai2Reader
{
    public const string Message = "bai2";

    public static BankStatementRead Read(TextReader text)
    {
        var records = Bai2Records.Split(text, out var splitProblem);
        if (splitProblem is not null)
        {
            return BankStatementRead.Failed(Message, splitProblem);
        }

        var state = new Bai2File();
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];

            // An 88 continues the record before it: its fields join that record's.
            var fields = new List<string>(record.Fields);
            var continued = new List<string>();
            var count = 1;
            while (i + 1 < records.Count && records[i + 1].Code == "88")
            {
                i++;
                count++;
                fields.AddRange(records[i].Fields);
                continued.Add(string.Join(",", records[i].Fields).Trim());
            }

            if (state.Take(record, [.. fields], continued, count) is { } problem)
            {
                return BankStatementRead.Failed(Message, problem);
            }
        }

        return state.Finish() is { } unfinished
            ? BankStatementRead.Failed(Message, unfinished)
            : new BankStatementRead(Message, state.Entries, state.Problems);
    }

    /// <summary>The file as read so far: where in its structure, and the running totals each trailer is checked against.</summary>
    private sealed class Bai2File
    {
        private readonly Totals file = new();
        private readonly Totals group = new();
        private readonly Totals account = new();
        private bool inFile;
        private bool inGroup;
        private bool inAccount;
        private bool ended;
        private string groupCurrency = "USD";
        private DateOnly? asOf;
        private string accountNumber = "";
        private string accountCurrency = "USD";
        private int accountLine;

        public List<BankStatementEntry> Entries { get; } = [];

        public List<BankEntryProblem> Problems { get; } = [];

        public string? Take(Bai2Record record, string[] fields, List<string> continued, int count)
        {
            var at = $"line {record.Line}";
            if (ended)
            {
                return $"{at}: a {record.Code} record after the file trailer (99)";
            }

            file.Records += count;
            group.Records += count;
            account.Records += count;
            switch (record.Code)
            {
                case "01":
                    if (inFile)
                    {
                        return $"{at}: a second file header (01)";
                    }

                    inFile = true;
                    file.Reset(count);
                    return null;
                case "02":
                    if (!inFile || inGroup)
                    {
                        return $"{at}: a group header (02) {(inFile ? "before the group before it ended (98)" : "before the file header (01)")}";
                    }

                    inGroup = true;
                    group.Reset(count);
                    groupCurrency = Field(fields, 5) is { Length: 3 } currency ? currency : "USD";
                    asOf = Date(Field(fields, 3));
                    return null;
                case "03":
                    return Account(record, fields, count, at);
                case "16":
                    return inAccount ? Detail(record, record.Fields, continued, at) : $"{at}: a transaction detail (16) outside an account (03 … 49)";
                case "49":
                    return CloseAccount(fields, at);
                case "98":
                    return CloseGroup(fields, at);
                case "99":
                    return CloseFile(fields, at);
                default:
                    return $"{at}: an 88 continuation with no record before it";
            }
        }

        public string? Finish() =>
            !inFile ? "no file header (01): not a BAI2 file"
            : !ended ? $"the file ends without its trailer (99){(inAccount ? $" and account {accountNumber} without its trailer (49)" : inGroup ? " and a group without its trailer (98)" : "")}: was it cut short?"
            : null;

        private string? Account(Bai2Record record, string[] fields, int count, string at)
        {
            if (!inGroup || inAccount)
            {
                return $"{at}: an account identifier (03) {(inGroup ? "before the account before it ended (49)" : "outside a group (02 … 98)")}";
            }

            inAccount = true;
            account.Reset(count);
            accountLine = record.Line;
            accountNumber = BankAccount.Normalize(Field(fields, 0));
            accountCurrency = Field(fields, 1) is { Length: 3 } currency ? currency : groupCurrency;

            // Summaries: type code, amount, item count, funds type (and what that funds type brings), repeated.
            for (var i = 2; i + 1 < fields.Length;)
            {
                if (!TryAmount(fields[i + 1], out var amount))
                {
                    return $"{at}: account {accountNumber}: summary amount '{fields[i + 1]}' is not a number";
                }

                account.Total += amount;
                i += 4 + FundsFields(fields, i + 3);
            }

            return null;
        }

        private string? Detail(Bai2Record record, string[] fields, List<string> continued, string at)
        {
            if (!TryAmount(Field(fields, 1), out var cents) || cents < 0)
            {
                Problems.Add(new(at, "amount", $"the amount '{Field(fields, 1)}' is not a whole number of cents", record.Text));
                return null;
            }

            account.Total += cents;
            if (!int.TryParse(Field(fields, 0), NumberStyles.None, CultureInfo.InvariantCulture, out var code))
            {
                Problems.Add(new(at, "type code", $"the type code '{Field(fields, 0)}' is not a BAI2 type code (three digits)", record.Text));
                return null;
            }

            var fundsType = Field(fields, 2) ?? "";
            var next = 3 + FundsFields(fields, 2);
            DateOnly? valueDate = fundsType.Trim() == "V" ? Date(Field(fields, 3)) : null;
            var bankReference = Field(fields, next);
            var customerReference = Field(fields, next + 1);
            var words = fields.Length > next + 2 ? string.Join(",", fields[(next + 2)..]).Trim() : "";
            var remittance = string.Join(" ", continued.Prepend(words).Where(static t => t.Length > 0));
            var decimals = DecimalsOf(accountCurrency);
            Entries.Add(new BankStatementEntry
            {
                Locator = at,
                Account = accountNumber,
                Amount = cents / Pow10(decimals),
                Currency = accountCurrency,
                IsCredit = Bai2TypeCodes.IsCredit(code),
                IsReversal = Bai2TypeCodes.ReversesACredit(code),
                BookingDate = asOf,
                ValueDate = valueDate,
                BankReference = bankReference,
                EndToEndId = customerReference,
                Remittance = remittance.Length == 0 ? null : remittance,
                TypeCode = code.ToString("000", CultureInfo.InvariantCulture),
            });
            return null;
        }

        private string? CloseAccount(string[] fields, string at)
        {
            if (!inAccount)
            {
                return $"{at}: an account trailer (49) with no account (03) open";
            }

            inAccount = false;
            var problem = Check($"account {accountNumber} (03 on line {accountLine})", "49", fields, account, at);
            group.Total += account.Total;
            group.Accounts++;
            return problem;
        }

        private string? CloseGroup(string[] fields, string at)
        {
            if (!inGroup || inAccount)
            {
                return $"{at}: a group trailer (98) {(inAccount ? $"while account {accountNumber} is open (its 49 is missing)" : "with no group (02) open")}";
            }

            inGroup = false;
            if (Check("the group", "98", fields, group, at) is { } problem)
            {
                return problem;
            }

            if (!int.TryParse(Field(fields, 1), NumberStyles.None, CultureInfo.InvariantCulture, out var accounts) || accounts != group.Accounts)
            {
                return $"{at}: the group trailer (98) counts {Field(fields, 1)} account(s) but the group holds {group.Accounts}";
            }

            file.Total += group.Total;
            file.Groups++;
            return null;
        }

        private string? CloseFile(string[] fields, string at)
        {
            if (!inFile || inGroup)
            {
                return $"{at}: a file trailer (99) {(inGroup ? "while a group is open (its 98 is missing)" : "with no file header (01)")}";
            }

            ended = true;
            if (Check("the file", "99", fields, file, at) is { } problem)
            {
                return problem;
            }

            return int.TryParse(Field(fields, 1), NumberStyles.None, CultureInfo.InvariantCulture, out var groups) && groups == file.Groups
                ? null
                : $"{at}: the file trailer (99) counts {Field(fields, 1)} group(s) but the file holds {file.Groups}";
        }

        /// <summary>A trailer's control total (field 0) and record count (its last field) against what was read.</summary>
        private static string? Check(string what, string code, string[] fields, Totals totals, string at)
        {
            if (!TryAmount(Field(fields, 0), out var total))
            {
                return $"{at}: the trailer ({code}) of {what} has control total '{Field(fields, 0)}', not a number";
            }

            if (total != totals.Total)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{at}: the trailer ({code}) of {what} has control total {total} but its records add up to {totals.Total}: a record is missing or altered");
            }

            var records = Field(fields, fields.Length - 1);
            if (!int.TryParse(records, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count != totals.Records)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{at}: the trailer ({code}) of {what} counts {records} record(s) but {totals.Records} were read");
            }

            return null;
        }

        /// <summary>How many fields follow a funds type (at <paramref name="index"/>): V a date and time, S three amounts, D a count and that many pairs.</summary>
        private static int FundsFields(string[] fields, int index) => Field(fields, index)?.Trim() switch
        {
            "V" => 2,
            "S" => 3,
            "D" => int.TryParse(Field(fields, index + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? 1 + (2 * n) : 1,
            _ => 0,
        };

        private static string? Field(string[] fields, int index) =>
            index < fields.Length && fields[index].Trim() is { Length: > 0 } value ? value : null;

        private static bool TryAmount(string? text, out long amount)
        {
            amount = 0;
            return text is null || long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out amount);
        }

        private static DateOnly? Date(string? yymmdd) =>
            yymmdd is { Length: 6 } && DateOnly.TryParseExact(yymmdd, "yyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;

        // BAI2 amounts carry no decimal point: the currency's minor unit says where it is.
        private static int DecimalsOf(string currency) => currency switch
        {
            "JPY" or "KRW" or "CLP" or "ISK" or "VND" or "XOF" or "XAF" => 0,
            "BHD" or "KWD" or "OMR" or "JOD" or "TND" => 3,
            _ => 2,
        };

        private static decimal Pow10(int decimals) => decimals switch { 0 => 1m, 3 => 1000m, _ => 100m };
    }

    /// <summary>What a trailer is checked against: the amounts and records read since its header.</summary>
    private sealed class Totals
    {
        public long Total { get; set; }

        public int Records { get; set; }

        public int Accounts { get; set; }

        public int Groups { get; set; }

        /// <summary>Starts over at a header, which counts as its first record(s).</summary>
        public void Reset(int headerRecords)
        {
            Total = 0;
            Records = headerRecords;
            Accounts = 0;
            Groups = 0;
        }
    }
}
