using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OrleansHa.Journals;

/// <summary>
/// Registers the journal store: one SQLite file in the silo's data folder, on Storage's shared writer (one silo), or one
/// PostgreSQL database every silo of the system reaches (several silos).
/// </summary>
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

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JournalStoreOptions>>(new ThrowingOptionsValidator<JournalStoreOptions>(o => o.Validate())));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new SqliteJournalStore(
            sp.GetRequiredService<IOptions<JournalStoreOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>()));
        services.TryAddSingleton<IJournalStore>(sp => sp.GetRequiredService<SqliteJournalStore>());
        return services;
    }

    /// <summary>
    /// Adds <see cref="IJournalStore"/> as a singleton <see cref="PostgresJournalStore"/> on the database
    /// <see cref="PostgresJournalStoreOptions.ConnectionString"/> names, its options (bound from section <c>Journals</c>
    /// when <paramref name="configuration"/> is given, then <paramref name="configure"/>) and a TimeProvider. Nothing
    /// connects at registration: the store creates or migrates its schema on first use (under an advisory lock, so
    /// silos starting together migrate once), and its settings are checked then.
    /// </summary>
    public static IServiceCollection AddPostgresJournalStore(this IServiceCollection services, Action<PostgresJournalStoreOptions> configure, IConfiguration? configuration = null)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var store = services.AddOptions<PostgresJournalStoreOptions>();
        if (configuration is not null)
        {
            store.Bind(configuration.GetSection(PostgresJournalStoreOptions.SectionName));
        }

        store.Configure(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgresJournalStoreOptions>>(new ThrowingOptionsValidator<PostgresJournalStoreOptions>(o => o.Validate())));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new PostgresJournalStore(
            sp.GetRequiredService<IOptions<PostgresJournalStoreOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>()));
        services.TryAddSingleton<IJournalStore>(sp => sp.GetRequiredService<PostgresJournalStore>());
        return services;
    }
}
