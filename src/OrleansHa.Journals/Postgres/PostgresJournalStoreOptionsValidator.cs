using Microsoft.Extensions.Options;

namespace OrleansHa.Journals;

/// <summary>Validates the PostgreSQL journal store's options with their own messages (each names the setting).</summary>
internal sealed class PostgresJournalStoreOptionsValidator : IValidateOptions<PostgresJournalStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, PostgresJournalStoreOptions options)
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
