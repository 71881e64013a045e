using Microsoft.Extensions.Options;

namespace OrleansHa.Journals;

/// <summary>Validates the journal store's options with their own messages (each names the setting).</summary>
internal sealed class JournalStoreOptionsValidator : IValidateOptions<JournalStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, JournalStoreOptions options)
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
