using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansHa.Runtime.Engine;
using OrleansHa.Runtime.Reminders;

namespace OrleansHa.Runtime.Hosting;

/// <summary>
/// Starts and stops the silo with the host. Start: grain classes are validated (building the catalog), idle collection
/// starts, then reminders load and resume. Stop: reminders stop, then every activation is deactivated.
/// </summary>
internal sealed class SiloLifecycleService(IServiceProvider services) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var runtime = services.GetRequiredService<SiloRuntime>();
        runtime.Start();
        if (services.GetService<IReminderTable>() is not null)
        {
            await services.GetRequiredService<ReminderService>().StartAsync(cancellationToken);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (services.GetService<IReminderTable>() is not null)
        {
            services.GetRequiredService<ReminderService>().Stop();
        }

        await services.GetRequiredService<SiloRuntime>().StopAsync(cancellationToken);
    }
}
