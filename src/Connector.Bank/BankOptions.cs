using Connector.Domain.Policies;

namespace Connector.Bank;

/// <summary>
/// The <c>Bank</c> configuration section: the folder the bank's statements (camt.053, camt.054, BAI2) are dropped into and
/// the company's own accounts, whose credits become payments. Without a drop folder no statement is read.
/// </summary>
[SettingsSection(SectionName)]
public sealed class BankOptions
{
    public const string SectionName = "Bank";

    /// <summary>The folder the bank's statement files are dropped into; read files move to <c>archive/</c> under it. Empty: no statements are read.</summary>
    public string DropFolder { get; set; } = "";

    /// <summary>Which files of the folder are statements (a simple pattern: <c>*</c>, <c>*.xml</c>).</summary>
    public string FilePattern { get; set; } = "*";

    /// <summary>Files written less than this many seconds ago are left for the next run (as the ERP drop folder's <c>Erp:FileSettleSeconds</c>).</summary>
    [SettingMinimum(0)]
    public int FileSettleSeconds { get; set; } = 10;

    /// <summary>The company's own accounts: IBANs (checked digits) or account numbers as the bank writes them (BAI2). Only credits to these become payments.</summary>
    public List<string> Accounts { get; set; } = [];

    internal bool IsEnabled => !string.IsNullOrWhiteSpace(DropFolder);
}
