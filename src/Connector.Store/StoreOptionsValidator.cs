using Microsoft.Extensions.Options;

namespace Connector.Store;

/// <summary>The validation attributes of <see cref="StoreOptions"/>, checked by generated code.</summary>
[OptionsValidator]
public sealed partial class StoreOptionsValidator : IValidateOptions<StoreOptions>;
