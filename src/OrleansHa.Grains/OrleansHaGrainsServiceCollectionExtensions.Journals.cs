using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrleansHa.Grains.Journals;

namespace OrleansHa.Grains;

/// <summary>The journals' services: the journal store (one SQLite file in the silo's data folder) and their options.</summary>
public static partial class OrleansHaGrainsServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IJournalStore"/> (a singleton <see cref="SqliteJournalStore"/>) and validated
    /// <see cref="JournalStoreOptions"/> and <see cref="JournalOptions"/>. The silo sets
    /// <see cref="JournalStoreOptions.DataDirectory"/> and <see cref="JournalOptions.SystemName"/> (section <c>Journals</c>,
    /// or from its own settings); the grains also need an <c>IRemoteSystemConnector</c>, which the silo registers.
    /// </summary>
    public static IServiceCollection AddJournalServices(IServiceCollection services, Action<JournalStoreOptions>? store = null, Action<JournalOptions>? journals = null)
    {
        var storeOptions = services.AddOptions<JournalStoreOptions>().Validate(Valid<JournalStoreOptions>(o => o.Validate()), "Journals store settings are not valid.");
        var journalOptions = services.AddOptions<JournalOptions>().Validate(Valid<JournalOptions>(o => o.Validate()), "Journals settings are not valid.");
        if (store is not null)
        {
            storeOptions.Configure(store);
        }

        if (journals is not null)
        {
            journalOptions.Configure(journals);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SqliteJournalStore>();
        services.TryAddSingleton<IJournalStore>(sp => sp.GetRequiredService<SqliteJournalStore>());
        return services;
    }

    // Options validation that rethrows the options' own message (which names the setting), rather than a generic one.
    private static Func<T, bool> Valid<T>(Action<T> validate) => options =>
    {
        validate(options);
        return true;
    };
}
