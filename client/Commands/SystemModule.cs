using System.CommandLine;
using System.Diagnostics;
using OrleansHa.Client.Cli;
using OrleansHa.Monitoring;
using OrleansHa.Roles;
using OrleansHa.Status;

namespace OrleansHa.Client.Commands;

/// <summary>
/// <c>ping</c> and <c>status</c>: is the system there, and how is it. Both log in (which proves the gateway answers as
/// the named system: Orleans refuses a gateway of another cluster id) and make one round trip to the status grain.
/// </summary>
public sealed class SystemModule : ICliModule
{
    /// <inheritdoc/>
    public IEnumerable<Command> CreateCommands(CliContext context)
    {
        var ping = new Command("ping", "Log in to the system and measure a round trip");
        ping.SetAction(async (parse, ct) =>
        {
            var connection = await context.ConnectSystemAsync(parse, ct);
            var status = connection.Client.GetGrain<IStatusGrain>(RegistryKeys.System);
            var watch = Stopwatch.StartNew();
            await status.GetStatusAsync(new StatusQuery(Limit: 0));
            var roundTrip = watch.Elapsed.TotalMilliseconds;
            context.WriteTable(parse, [connection],
                ("reply", _ => "pong"),
                ("system", c => c.Options.SystemName),
                ("gateway", c => string.Join(", ", c.Options.Gateways)),
                ("principal", c => $"{c.Session.Name} ({c.Session.Role})"),
                ("round trip ms", _ => Math.Round(roundTrip, 2)));
            return 0;
        });

        var status = new Command("status", "Show the system's name, the session, the monitor's shards, workers and file sets, its HA role and the readiness score of a switch-over");
        status.SetAction(async (parse, ct) =>
        {
            var connection = await context.ConnectSystemAsync(parse, ct);
            var report = await connection.Client.GetGrain<IStatusGrain>(RegistryKeys.System).GetStatusAsync(new StatusQuery(Limit: 0));
            // A silo whose report leaves the role out still answers its gate (any signed-in caller may read it).
            var gate = report.Role ?? await connection.Client.GetGrain<IHaGroupGrain>(HaGroups.Default).GetGateAsync();
            context.WriteTable(parse, [report],
                ("system", _ => connection.Options.SystemName),
                ("gateway", _ => string.Join(", ", connection.Options.Gateways)),
                ("principal", _ => $"{connection.Session.Name} ({connection.Session.Role})"),
                ("session expires", _ => connection.Session.ExpiresAt),
                ("shards", r => r.Shards),
                ("workers", r => r.Counts.Total),
                ("file sets", r => r.FileSetCount),
                ("role", _ => RoleText.Role(gate)),
                ("readiness", r => RoleText.Score(r.Readiness)),
                ("version", _ => typeof(SystemModule).Assembly.GetName().Version?.ToString()));
            return 0;
        });

        return [ping, status];
    }
}
