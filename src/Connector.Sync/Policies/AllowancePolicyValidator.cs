using Connector.Domain.Allowance;
using Microsoft.Extensions.Options;

namespace Connector.Sync.Policies;

/// <summary>The validation attributes of <see cref="AllowancePolicy"/>, checked by generated code.</summary>
[OptionsValidator]
public sealed partial class AllowancePolicyValidator : IValidateOptions<AllowancePolicy>;
