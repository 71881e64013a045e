using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Providers;
using Orleans.Runtime.Hosting;

namespace OrleansHa.Storage;

/// <summary>
/// Registers the SQLite providers on a service collection, as Orleans registers its own: grain storage as keyed
/// <see cref="Orleans.Storage.IGrainStorage"/> singletons under a name (the one named "Default" also unkeyed, for
/// states that name no provider), reminders as the <see cref="IReminderTable"/> singleton. Options are named options,
/// so configuration can also bind them; they are validated when the provider is first resolved.
/// </summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>The name of the provider used by states that name none (as in Orleans).</summary>
    public const string DefaultStorageName = ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME;

    /// <summary>The options name the reminder table's settings are registered under.</summary>
    public const string ReminderOptionsName = "OrleansHa.Reminders";

    /// <summary>Adds SQLite grain storage under <paramref name="name"/>.</summary>
    public static IServiceCollection AddSqliteGrainStorage(this IServiceCollection services, string name, Action<SqliteStorageOptions> configure)
    {
        CheckName(name);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<SqliteStorageOptions>(name).Configure(configure);
        AddRegistry(services);
        services.AddGrainStorage(name, (sp, key) => new SqliteGrainStorage(OpenSqlite(sp, key)));
        return services;
    }

    /// <summary>Adds SQLite grain storage as the "Default" provider (resolvable keyed and unkeyed).</summary>
    public static IServiceCollection AddSqliteGrainStorageAsDefault(this IServiceCollection services, Action<SqliteStorageOptions> configure)
        => services.AddSqliteGrainStorage(DefaultStorageName, configure);

    /// <summary>
    /// Keeps reminders in SQLite (replacing any other reminder table); shares the file with grain storage naming the
    /// same path. On a silo use <see cref="StorageSiloBuilderExtensions.UseSqliteReminderService"/>, which also adds
    /// Orleans' reminder service.
    /// </summary>
    public static IServiceCollection AddSqliteReminderTable(this IServiceCollection services, Action<SqliteStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<SqliteStorageOptions>(ReminderOptionsName).Configure(configure);
        AddRegistry(services);
        services.RemoveAll<IReminderTable>();
        services.TryAddSingleton(sp => new SqliteReminderTable(OpenSqlite(sp, ReminderOptionsName), sp.GetService<ILogger<SqliteReminderTable>>()));
        services.AddSingleton<IReminderTable>(sp => sp.GetRequiredService<SqliteReminderTable>());
        return services;
    }

    private static void AddRegistry(IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(SqliteDatabaseRegistry)))
        {
            return;
        }

        services.AddSingleton<SqliteDatabaseRegistry>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<SqliteDatabaseRegistry>());
    }

    private static SqliteDatabase OpenSqlite(IServiceProvider services, string optionsName)
        => services.GetRequiredService<SqliteDatabaseRegistry>().Open(services.GetRequiredService<IOptionsMonitor<SqliteStorageOptions>>().Get(optionsName));

    private static void CheckName(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("The storage provider name is empty: name it (states refer to it in [PersistentState(state, storageName)]), or use the ...AsDefault method.", nameof(name));
        }
    }
}
