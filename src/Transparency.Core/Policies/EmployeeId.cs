namespace Transparency.Core.Policies;

/// <summary>
/// The signed-in employee, as every employee-facing Core method takes it first. It is made once,
/// from the sign-in identity, by the web app's <c>CurrentEmployee</c>; nothing on an employee path
/// takes a bare record id without it.
/// </summary>
public readonly record struct EmployeeId
{
    public EmployeeId(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        Value = value;
    }

    public string Value { get; }

    public override string ToString() => Value;
}
