using System.ComponentModel.DataAnnotations;

namespace Connector.Dataverse.Configuration;

/// <summary>
/// <see cref="RangeAttribute"/> whose <c>ErrorMessage</c> is kept: the options validator generator swaps a plain
/// <c>[Range]</c> for its own copy, which ignores <c>ErrorMessage</c> and prints "The field … must be between …".
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class SettingRangeAttribute(int minimum, int maximum) : RangeAttribute(minimum, maximum);
