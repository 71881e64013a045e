using Microsoft.Extensions.Options;

namespace OrleansHa.Grains.Journals;

/// <summary>Validates the journals' options at start, with the options' own messages (each names the setting).</summary>
internal sealed class JournalOptionsValidator : IValidateOptions<JournalOptions>
{
    public ValidateOptionsResult Validate(string? name, JournalOptions options)
    {
        try
        {
            options.Validate();
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException error)
        {
            return ValidateOptionsResult.Fail(error.Message);
        }
    }
}
