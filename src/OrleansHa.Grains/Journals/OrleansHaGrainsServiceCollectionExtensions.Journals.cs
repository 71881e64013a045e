using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrleansHa.Grains.Journals;

namespace OrleansHa.Grains;

/// <summary>The journals' registrations: the journal store (one SQLite file in the silo's data folder) and their options.</summary>
public static partial class OrleansHaGrainsServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IJournalStore"/> (a singleton <see cref="SqliteJournalStore"/>), <see cref="JournalStoreOptions"/>
    /// and <see cref="JournalOptions"/> (both bound from section <c>Journals</c> when <paramref name="configuration"/> is
    /// given; the journal options validated at start, the store's when the store is first used), and a TimeProvider. The silo sets the data folder and this system's name
    /// (<see cref="JournalStoreOptions.DataDirectory"/>, <see cref="JournalOptions.SystemName"/>); the grains also need an
    /// <c>IRemoteSystemConnector</c>, which the silo registers.
    /// </summary>
    public static IServiceCollection AddJournalServices(this IServiceCollection services, IConfiguration? configuration = null)
    {
        var store = services.AddOptions<JournalStoreOptions>();
        var journals = services.AddOptions<JournalOptions>();
        if (configuration is not null)
        {
            store.Bind(configuration.GetSection(JournalStoreOptions.SectionName));
            journals.Bind(configuration.GetSection(JournalStoreOptions.SectionName));
        }

        // The store's settings are checked when the store is first needed, not at start: a host that runs no journal
        // (a test of another area) need not name a data folder. The silo always sets it.
        journals.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JournalStoreOptions>, JournalOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JournalOptions>, JournalOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SqliteJournalStore>();
        services.TryAddSingleton<IJournalStore>(sp => sp.GetRequiredService<SqliteJournalStore>());
        return services;
    }
}
