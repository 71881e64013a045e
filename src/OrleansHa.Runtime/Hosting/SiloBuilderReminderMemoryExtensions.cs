using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrleansHa.Runtime.Reminders;

namespace Orleans.Hosting;

/// <summary>In-memory reminders (tests): durable only as long as the process (the test cluster keeps them across restarts).</summary>
public static class SiloBuilderReminderMemoryExtensions
{
    /// <summary>Uses an in-memory reminder table.</summary>
    public static ISiloBuilder UseInMemoryReminderService(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<InMemoryReminderTable>();
        builder.Services.AddSingleton<IReminderTable>(sp => sp.GetRequiredService<InMemoryReminderTable>());
        return builder;
    }
}
