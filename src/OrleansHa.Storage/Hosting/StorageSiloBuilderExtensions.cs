using Microsoft.Extensions.Configuration;
using Orleans.Hosting;

namespace OrleansHa.Storage;

/// <summary>
/// The storage providers on the silo builder, in Orleans' shape: <c>silo.AddSqliteGrainStorageAsDefault(o =&gt; ...)</c>,
/// <c>silo.AddAzureBlobGrainStorage("store", o =&gt; ...)</c>, <c>silo.UseSqliteReminderService(o =&gt; ...)</c>, or
/// <c>silo.UseOrleansHaStorage()</c> to take the provider from configuration (section <c>Storage</c>).
/// </summary>
public static class StorageSiloBuilderExtensions
{
    /// <summary>The configuration section <see cref="UseOrleansHaStorage"/> binds.</summary>
    public const string ConfigurationSection = "Storage";

    /// <summary>Adds SQLite grain storage under <paramref name="name"/>.</summary>
    public static ISiloBuilder AddSqliteGrainStorage(this ISiloBuilder builder, string name, Action<SqliteStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSqliteGrainStorage(name, configure);
        return builder;
    }

    /// <summary>Adds SQLite grain storage as the "Default" provider.</summary>
    public static ISiloBuilder AddSqliteGrainStorageAsDefault(this ISiloBuilder builder, Action<SqliteStorageOptions> configure)
        => builder.AddSqliteGrainStorage(StorageServiceCollectionExtensions.DefaultStorageName, configure);

    /// <summary>Keeps reminders in SQLite (the same file as grain storage when the settings name the same path).</summary>
    public static ISiloBuilder UseSqliteReminderService(this ISiloBuilder builder, Action<SqliteStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSqliteReminderTable(configure);
        return builder;
    }

    /// <summary>Adds Azure Blob grain storage under <paramref name="name"/> (container <c>grainstate</c> by default).</summary>
    public static ISiloBuilder AddAzureBlobGrainStorage(this ISiloBuilder builder, string name, Action<AzureBlobStorageOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddAzureBlobGrainStorage(name, configureOptions);
        return builder;
    }

    /// <summary>Adds Azure Blob grain storage as the "Default" provider.</summary>
    public static ISiloBuilder AddAzureBlobGrainStorageAsDefault(this ISiloBuilder builder, Action<AzureBlobStorageOptions> configureOptions)
        => builder.AddAzureBlobGrainStorage(StorageServiceCollectionExtensions.DefaultStorageName, configureOptions);

    /// <summary>Keeps reminders in Azure Blob Storage (container <c>reminders</c> by default).</summary>
    public static ISiloBuilder UseAzureBlobReminderService(this ISiloBuilder builder, Action<AzureBlobStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddAzureBlobReminderTable(configure);
        return builder;
    }

    /// <summary>
    /// Adds the "Default" grain storage and the reminders with the provider configuration chooses: the section
    /// <c>Storage</c> binds to <see cref="OrleansHaStorageOptions"/> (<c>Storage:Provider</c> = <c>Sqlite</c> or
    /// <c>AzureBlob</c>), then <paramref name="configure"/> may adjust it (e.g. set the data folder).
    /// </summary>
    public static ISiloBuilder UseOrleansHaStorage(this ISiloBuilder builder, Action<OrleansHaStorageOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var section = builder.Configuration.GetSection(ConfigurationSection);
        builder.Services.AddOrleansHaStorage(options =>
        {
            section.Bind(options);
            configure?.Invoke(options);
        });
        return builder;
    }
}
