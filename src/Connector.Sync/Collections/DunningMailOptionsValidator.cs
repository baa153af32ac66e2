using Microsoft.Extensions.Options;

namespace Connector.Sync.Collections;

/// <summary>The validation attributes of <see cref="DunningMailOptions"/>, checked by generated code.</summary>
[OptionsValidator]
public sealed partial class DunningMailOptionsValidator : IValidateOptions<DunningMailOptions>;
