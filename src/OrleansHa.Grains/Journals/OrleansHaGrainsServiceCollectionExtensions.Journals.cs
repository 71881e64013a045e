using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrleansHa.Grains.Journals;
using OrleansHa.Journals;

namespace OrleansHa.Grains;

/// <summary>The journals' registrations: the journal store (OrleansHa.Journals) and the journal grains' options.</summary>
public static partial class OrleansHaGrainsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the journal store (<see cref="JournalStoreServiceCollectionExtensions.AddSqliteJournalStore"/>) and
    /// <see cref="JournalOptions"/> (bound from section <c>Journals</c> when <paramref name="configuration"/> is given,
    /// validated at start). The silo sets the data folder and this system's name
    /// (<see cref="JournalStoreOptions.DataDirectory"/>, <see cref="JournalOptions.SystemName"/>); the grains also need an
    /// <c>IRemoteSystemConnector</c>, which the silo registers.
    /// </summary>
    public static IServiceCollection AddJournalServices(this IServiceCollection services, IConfiguration? configuration = null)
    {
        services.AddSqliteJournalStore(configuration);
        var journals = services.AddOptions<JournalOptions>();
        if (configuration is not null)
        {
            journals.Bind(configuration.GetSection(JournalStoreOptions.SectionName));
        }

        journals.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JournalOptions>, JournalOptionsValidator>());
        return services;
    }
}
