using Microsoft.Extensions.Options;

namespace Connector.Worker.Running;

/// <summary>The validation attributes of <see cref="SchedulesOptions"/>, checked by generated code.</summary>
[OptionsValidator]
public sealed partial class SchedulesOptionsValidator : IValidateOptions<SchedulesOptions>;
