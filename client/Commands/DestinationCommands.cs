using System.CommandLine;
using OrleansHa.Client.Cli;
using OrleansHa.Connections;
using OrleansHa.Destinations;
using Spectre.Console;

namespace OrleansHa.Client.Commands;

/// <summary><c>destination add|update|list|show|disable|enable|set-bandwidth|probe|remove</c>: where file sets go.</summary>
public sealed class DestinationCommands : ICliModule
{
    /// <inheritdoc/>
    public IEnumerable<Command> CreateCommands(CliContext context)
    {
        var destination = new Command("destination", "Manage destination systems (administrator): a local directory or another system's gateway");
        destination.Subcommands.Add(Define(context, "add", "Define a destination", update: false));
        destination.Subcommands.Add(Define(context, "update", "Change a destination; options not given keep their values", update: true));

        var list = new Command("list", "List the destinations with their availability");
        list.SetGuardedAction(context, async (parse, client, _) =>
        {
            var names = await SystemDirectory.GetDestinationsAsync(client);
            var infos = await Task.WhenAll(names.Select(n => client.GetGrain<IDestinationGrain>(n).GetAsync()));
            Write(context, parse, infos.OfType<DestinationInfo>());
            return 0;
        });
        destination.Subcommands.Add(list);

        var showName = MonitorCli.NameArgument("name", "The destination");
        var show = new Command("show", "Show one destination") { showName };
        show.SetGuardedAction(context, async (parse, client, _) =>
        {
            var name = parse.GetValue(showName)!;
            var info = await client.GetGrain<IDestinationGrain>(name).GetAsync() ?? throw new DefinitionNotFoundException($"destination {name} does not exist; 'destination list' shows the defined destinations.");
            Write(context, parse, [info]);
            return 0;
        });
        destination.Subcommands.Add(show);
        destination.Subcommands.Add(MonitorCli.NamedCommand(context, "disable", "Disable sync to a destination for maintenance: runs wait", "name", (_, c, n) => c.GetGrain<IDestinationGrain>(n).SetSyncEnabledAsync(false), "Disabled sync to"));
        destination.Subcommands.Add(MonitorCli.NamedCommand(context, "enable", "Enable sync to a destination again: waiting runs start", "name", (_, c, n) => c.GetGrain<IDestinationGrain>(n).SetSyncEnabledAsync(true), "Enabled sync to"));
        var bandwidthName = MonitorCli.NameArgument("name", "The destination");
        var rate = new Argument<string>("rate") { Description = "Bytes per second, e.g. 10MB/s, 512KiB/s; 0 or none for no limit" };
        var setBandwidth = new Command("set-bandwidth", "Change a silo destination's bandwidth limit; runs going on pick it up within a second") { bandwidthName, rate };
        setBandwidth.SetGuardedAction(context, async (parse, client, _) =>
        {
            var bytes = BandwidthRate.Parse(parse.GetValue(rate));
            Write(context, parse, [await client.GetGrain<IDestinationGrain>(parse.GetValue(bandwidthName)!).SetBandwidthLimitAsync(bytes)]);
            return 0;
        });
        destination.Subcommands.Add(setBandwidth);
        destination.Subcommands.Add(MonitorCli.NamedCommand(context, "probe", "Probe a destination's availability now", "name", (_, c, n) => c.GetGrain<IDestinationGrain>(n).ProbeAsync(), "Probed"));
        var removeName = MonitorCli.NameArgument("name", "The destination");
        var force = new Option<bool>("--force") { Description = "Remove it even while file sets use it: they are suspended" };
        var remove = new Command("remove", "Remove a destination no file set uses; its workers stop") { removeName, force };
        remove.SetGuardedAction(context, async (parse, client, _) =>
        {
            var name = parse.GetValue(removeName)!;
            var suspended = await client.GetGrain<IDestinationGrain>(name).RemoveAsync(parse.GetValue(force));
            foreach (var fileSet in suspended)
            {
                context.Console.MarkupLine($"Suspended file set [bold]{Markup.Escape(fileSet)}[/]: it named {Markup.Escape(name)}; 'fileset update' gives it another destination, then 'fileset resume'");
            }

            context.Console.MarkupLine($"Removed destination [bold]{Markup.Escape(name)}[/]");
            return 0;
        });
        destination.Subcommands.Add(remove);
        return [destination];
    }

    private static Command Define(CliContext context, string verb, string description, bool update)
    {
        var name = MonitorCli.NameArgument("name", "The destination's name, e.g. BACKUP");
        var local = new Option<string?>("--local") { Description = "Transport local: the directory file sets are written under" };
        var silo = new Option<string?>("--silo") { Description = "Transport silo: the other system's gateway, host:port, or several of its gateways separated by commas" };
        var remote = new Option<string?>("--remote-system") { Description = "The other system's name (silo transport)" };
        var credential = new Option<string?>("--credential") { Description = "The entry of the silo's credentials file used to log in there (silo transport)" };
        var queueLimit = new Option<int?>("--queue-limit") { Description = "Most runs waiting per worker (0: no limit)" };
        var bandwidth = new Option<string?>("--bandwidth") { Description = "Bandwidth limit of a silo destination, e.g. 10MB/s, 512KiB/s (0 or none: no limit)" };
        var command = new Command(verb, description) { name, local, silo, remote, credential, queueLimit, bandwidth };
        command.Validators.Add(result =>
        {
            const string Allowed = "allowed: --local DIRECTORY (a directory here) or --silo HOST:PORT (another system's gateway), not both";
            var hasLocal = result.GetValue(local) is not null;
            var hasSilo = result.GetValue(silo) is not null;
            if (hasLocal && hasSilo)
            {
                result.AddError($"transport: --local and --silo were both given; {Allowed}");
            }
            else if (!update && !hasLocal && !hasSilo)
            {
                result.AddError($"transport: neither --local nor --silo was given; {Allowed}");
            }

            if (result.GetValue(silo) is { } gateways)
            {
                try
                {
                    GatewayAddress.ParseList(gateways);
                }
                catch (ArgumentException bad)
                {
                    result.AddError($"--silo: {bad.Message}");
                }
            }
        });
        command.SetGuardedAction(context, async (parse, client, _) =>
        {
            var grain = client.GetGrain<IDestinationGrain>(parse.GetValue(name)!);
            var current = update
                ? (await grain.GetAsync())?.Definition ?? throw new DefinitionNotFoundException($"destination {parse.GetValue(name)} does not exist; 'destination add' defines it.")
                : new DestinationDefinition(parse.GetValue(name)!, DestinationTransport.Local, null, null, null, null);
            var definition = parse.GetValue(silo) is { } gateway
                ? current with { Transport = DestinationTransport.Silo, Gateway = string.Join(',', GatewayAddress.ParseList(gateway)) }
                : parse.GetValue(local) is { } directory ? current with { Transport = DestinationTransport.Local, Directory = directory } : current;
            definition = definition with
            {
                RemoteSystem = parse.GetValue(remote) ?? definition.RemoteSystem,
                CredentialName = parse.GetValue(credential) ?? definition.CredentialName,
                QueueLimit = parse.GetValue(queueLimit) ?? definition.QueueLimit,
                BandwidthLimit = parse.GetValue(bandwidth) is { } text ? BandwidthRate.Parse(text) : definition.BandwidthLimit,
            };
            Write(context, parse, [await grain.DefineAsync(definition, allowUpdate: update)]);
            return 0;
        });
        return command;
    }

    private static void Write(CliContext context, ParseResult parse, IEnumerable<DestinationInfo> destinations)
        => context.WriteTable(parse, destinations,
            ("name", d => d.Definition.Name),
            ("transport", d => d.Definition.Transport.ToString().ToLowerInvariant()),
            ("where", d => d.Definition.Transport == DestinationTransport.Local ? d.Definition.Directory : $"{d.Definition.RemoteSystem} at {d.Definition.Gateway}"),
            ("sync", d => d.SyncEnabled ? "enabled" : "disabled"),
            ("bandwidth", d => BandwidthRate.Format(d.Definition.BandwidthLimit)),
            ("available", d => d.Available),
            ("last probe", d => d.LastProbeAt),
            ("probe error", d => d.ProbeError));
}
