using Microsoft.Extensions.Options;

namespace OrleansHa.Journals;

/// <summary>
/// Validates a journal store's options through their own <c>Validate()</c>, whose <see cref="ArgumentException"/>
/// names the setting and what is allowed; that message becomes the validation failure.
/// </summary>
internal sealed class ThrowingOptionsValidator<TOptions>(Action<TOptions> validate) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        try
        {
            validate(options);
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException error)
        {
            return ValidateOptionsResult.Fail(error.Message);
        }
    }
}
