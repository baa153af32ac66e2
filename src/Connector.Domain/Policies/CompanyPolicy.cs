namespace Connector.Domain.Policies;

/// <summary>Configuration section <c>Company</c>.</summary>
public sealed class CompanyPolicy
{
    public const string SectionName = "Company";

    /// <summary>ISO 4217 code of the company (reporting) currency.</summary>
    public string Currency { get; set; } = "USD";

    public IReadOnlyList<string> Validate()
    {
        var errors = new PolicyErrors(SectionName);
        if (Currency is null || Currency.Length != 3 || !Currency.All(char.IsAsciiLetter))
        {
            errors.Add(nameof(Currency), "must be a three-letter ISO 4217 code such as USD", Currency);
        }

        return errors.Errors;
    }
}
