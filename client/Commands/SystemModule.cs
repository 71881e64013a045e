using System.CommandLine;
using System.Diagnostics;
using OrleansHa.Client.Cli;

namespace OrleansHa.Client.Commands;

/// <summary><c>ping</c> and <c>status</c>: is the silo there, and how is it.</summary>
public sealed class SystemModule : ICliModule
{
    /// <inheritdoc/>
    public IEnumerable<Command> CreateCommands(CliContext context)
    {
        var ping = new Command("ping", "Log in to the silo's gateway and measure a round trip");
        ping.SetAction(async (parse, ct) =>
        {
            var client = await context.ConnectGatewayAsync(parse, ct);
            var watch = Stopwatch.StartNew();
            var status = await client.GetStatusAsync(ct);
            var roundTrip = watch.Elapsed.TotalMilliseconds;
            context.WriteTable(parse, [status],
                ("reply", _ => "pong"),
                ("system", s => s.SystemName),
                ("gateway", _ => client.Gateway),
                ("principal", _ => $"{client.Principal?.Name} ({client.Principal?.Role})"),
                ("round trip ms", _ => Math.Round(roundTrip, 2)));
            return 0;
        });

        var status = new Command("status", "Show the system's name, uptime, activations and gateway connections");
        status.SetAction(async (parse, ct) =>
        {
            var client = await context.ConnectGatewayAsync(parse, ct);
            var reply = await client.GetStatusAsync(ct);
            context.WriteTable(parse, [reply],
                ("system", s => s.SystemName),
                ("started", s => s.StartedAt),
                ("uptime", s => s.Uptime),
                ("activations", s => s.Activations < 0 ? null : s.Activations),
                ("gateway connections", s => s.GatewayConnections),
                ("version", s => s.Version));
            return 0;
        });

        return [ping, status];
    }
}
