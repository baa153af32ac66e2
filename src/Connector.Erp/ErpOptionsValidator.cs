using Microsoft.Extensions.Options;

namespace Connector.Erp;

/// <summary>The validation attributes of <see cref="ErpOptions"/>, checked by generated code.</summary>
[OptionsValidator]
public sealed partial class ErpOptionsValidator : IValidateOptions<ErpOptions>;
