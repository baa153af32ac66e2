using Connector.Domain.CashApplication;
using Microsoft.Extensions.Options;

namespace Connector.Sync.Policies;

/// <summary>The validation attributes of <see cref="CashApplicationPolicy"/>, checked by generated code.</summary>
[OptionsValidator]
public sealed partial class CashApplicationPolicyValidator : IValidateOptions<CashApplicationPolicy>;
