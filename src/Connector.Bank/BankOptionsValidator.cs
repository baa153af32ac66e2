using Microsoft.Extensions.Options;

namespace Connector.Bank;

/// <summary>The validation attributes of <see cref="BankOptions"/>, checked by generated code.</summary>
[OptionsValidator]
public sealed partial class BankOptionsValidator : IValidateOptions<BankOptions>;
