using Microsoft.Extensions.Options;

namespace OrleansHa.Grains.Journals;

/// <summary>Validates the journals' options at start, with the options' own messages (each names the setting).</summary>
internal sealed class JournalOptionsValidator : IValidateOptions<JournalStoreOptions>, IValidateOptions<JournalOptions>
{
    public ValidateOptionsResult Validate(string? name, JournalStoreOptions options) => Check(options.Validate);

    public ValidateOptionsResult Validate(string? name, JournalOptions options) => Check(options.Validate);

    private static ValidateOptionsResult Check(Action validate)
    {
        try
        {
            validate();
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException error)
        {
            return ValidateOptionsResult.Fail(error.Message);
        }
    }
}
