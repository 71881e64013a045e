using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OrleansHa.Journals;

/// <summary>Registers the journal store: one SQLite file in the silo's data folder, on Storage's shared writer.</summary>
public static class JournalStoreServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IJournalStore"/> (a singleton <see cref="SqliteJournalStore"/>), its <see cref="JournalStoreOptions"/>
    /// (bound from section <c>Journals</c> when <paramref name="configuration"/> is given) and a TimeProvider. The settings
    /// are checked when the store is first used, not at start: a host that runs no journal (a test of another area) need
    /// not name a data folder. The silo always sets <see cref="JournalStoreOptions.DataDirectory"/>.
    /// </summary>
    public static IServiceCollection AddSqliteJournalStore(this IServiceCollection services, IConfiguration? configuration = null)
    {
        var store = services.AddOptions<JournalStoreOptions>();
        if (configuration is not null)
        {
            store.Bind(configuration.GetSection(JournalStoreOptions.SectionName));
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JournalStoreOptions>, JournalStoreOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new SqliteJournalStore(
            sp.GetRequiredService<IOptions<JournalStoreOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>()));
        services.TryAddSingleton<IJournalStore>(sp => sp.GetRequiredService<SqliteJournalStore>());
        return services;
    }
}
