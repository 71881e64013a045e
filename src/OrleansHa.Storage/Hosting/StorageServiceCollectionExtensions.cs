using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Storage;
using OrleansHa.Runtime.Reminders;

namespace OrleansHa.Storage;

/// <summary>
/// Registers the storage providers: grain storage as keyed <see cref="IGrainStorage"/> singletons under a name
/// ("Default" for states that name none), reminders as the <see cref="IReminderTable"/> singleton. Options are
/// named options, so configuration can also bind them; they are validated when the provider is first resolved.
/// </summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>The name of the provider used by states that name none (as in Orleans).</summary>
    public const string DefaultStorageName = "Default";

    /// <summary>The options name the reminder table's settings are registered under.</summary>
    public const string ReminderOptionsName = "Reminders";

    /// <summary>Adds SQLite grain storage under <paramref name="name"/>.</summary>
    public static IServiceCollection AddSqliteGrainStorage(this IServiceCollection services, string name, Action<SqliteStorageOptions> configure)
    {
        CheckName(name);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<SqliteStorageOptions>(name).Configure(configure);
        services.TryAddSingleton<SqliteDatabaseRegistry>();
        services.AddKeyedSingleton<IGrainStorage>(name, (sp, _) => new SqliteGrainStorage(OpenSqlite(sp, name)));
        return services;
    }

    /// <summary>Adds SQLite grain storage as the "Default" provider.</summary>
    public static IServiceCollection AddSqliteGrainStorageAsDefault(this IServiceCollection services, Action<SqliteStorageOptions> configure)
        => services.AddSqliteGrainStorage(DefaultStorageName, configure);

    /// <summary>Stores reminders in SQLite (replacing any other reminder table); shares the file with grain storage naming the same path.</summary>
    public static IServiceCollection AddSqliteReminderTable(this IServiceCollection services, Action<SqliteStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<SqliteStorageOptions>(ReminderOptionsName).Configure(configure);
        services.TryAddSingleton<SqliteDatabaseRegistry>();
        services.RemoveAll<IReminderTable>();
        services.AddSingleton<IReminderTable>(sp => new SqliteReminderTable(OpenSqlite(sp, ReminderOptionsName)));
        return services;
    }

    /// <summary>Adds Azure Blob grain storage under <paramref name="name"/>.</summary>
    public static IServiceCollection AddAzureBlobGrainStorage(this IServiceCollection services, string name, Action<AzureBlobStorageOptions> configure)
    {
        CheckName(name);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<AzureBlobStorageOptions>(name).Configure(configure);
        services.AddKeyedSingleton<IGrainStorage>(name, (sp, _) => new AzureBlobGrainStorage(sp.GetRequiredService<IOptionsMonitor<AzureBlobStorageOptions>>().Get(name)));
        return services;
    }

    /// <summary>Adds Azure Blob grain storage as the "Default" provider.</summary>
    public static IServiceCollection AddAzureBlobGrainStorageAsDefault(this IServiceCollection services, Action<AzureBlobStorageOptions> configure)
        => services.AddAzureBlobGrainStorage(DefaultStorageName, configure);

    /// <summary>Stores reminders in Azure Blob Storage (replacing any other reminder table).</summary>
    public static IServiceCollection AddAzureBlobReminderTable(this IServiceCollection services, Action<AzureBlobStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<AzureBlobStorageOptions>(ReminderOptionsName).Configure(configure);
        services.RemoveAll<IReminderTable>();
        services.AddSingleton<IReminderTable>(sp => new AzureBlobReminderTable(sp.GetRequiredService<IOptionsMonitor<AzureBlobStorageOptions>>().Get(ReminderOptionsName)));
        return services;
    }

    /// <summary>
    /// Adds the "Default" grain storage and the reminder table with the provider <see cref="OrleansHaStorageOptions.Provider"/>
    /// chooses: one setting switches the silo between SQLite and Azure Blob Storage.
    /// </summary>
    public static IServiceCollection AddOrleansHaStorage(this IServiceCollection services, Action<OrleansHaStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<OrleansHaStorageOptions>().Configure(configure);
        services.TryAddSingleton<SqliteDatabaseRegistry>();
        services.AddKeyedSingleton<IGrainStorage>(DefaultStorageName, (sp, _) =>
        {
            var options = Chosen(sp);
            return options.Provider == StorageProviderKind.AzureBlob
                ? new AzureBlobGrainStorage(options.AzureBlob)
                : new SqliteGrainStorage(sp.GetRequiredService<SqliteDatabaseRegistry>().Open(options.Sqlite));
        });
        services.RemoveAll<IReminderTable>();
        services.AddSingleton<IReminderTable>(sp =>
        {
            var options = Chosen(sp);
            return options.Provider == StorageProviderKind.AzureBlob
                ? new AzureBlobReminderTable(options.AzureBlob)
                : new SqliteReminderTable(sp.GetRequiredService<SqliteDatabaseRegistry>().Open(options.Sqlite));
        });
        return services;
    }

    private static OrleansHaStorageOptions Chosen(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<OrleansHaStorageOptions>>().Value;
        options.Validate();
        return options;
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
