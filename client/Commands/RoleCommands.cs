using System.CommandLine;
using OrleansHa.Client.Cli;
using OrleansHa.Roles;

namespace OrleansHa.Client.Commands;

/// <summary>
/// <c>role define|status|check|switch-over|failover|switch-back|divergence</c>: the HA group on the system the client
/// connects to (<c>--system</c>; never followed to production: each command is about that system). Administrators only.
/// Exit codes as elsewhere (1 refused or failed, 2 bad input), and 3 for a check that is not ready.
/// </summary>
public sealed partial class RoleCommands : ICliModule
{
    /// <summary>Exit code of <c>role check</c> when a blocking item fails: the answer is "not ready", not an error.</summary>
    public const int NotReady = 3;

    private static readonly Option<bool> DryRunOption = new("--dry-run") { Description = "Change nothing: say what would be done, or why it would be refused" };

    /// <inheritdoc/>
    public IEnumerable<Command> CreateCommands(CliContext context)
    {
        var role = new Command("role", "The HA group: roles, readiness, switch-over, failover, switch-back and divergence (administrators)");
        role.Subcommands.Add(Define(context));
        role.Subcommands.Add(Status(context));
        role.Subcommands.Add(Check(context));
        role.Subcommands.Add(Swap(context, RoleOperation.SwitchOver));
        role.Subcommands.Add(Swap(context, RoleOperation.Failover));
        role.Subcommands.Add(Swap(context, RoleOperation.SwitchBack));
        role.Subcommands.Add(Divergence(context));
        return [role];
    }

    private static Command Define(CliContext context)
    {
        var members = new Option<string[]>("--member")
        {
            Description = "A system of the group (repeat): NAME for this system, NAME=host:port[,host:port]@credential for another (its gateways, and the entry under \"remotes\" in this silo's credentials file that logs in there)",
            Required = true,
        };
        var production = new Option<string>("--production") { Description = "The member that is production when the group is first defined", Required = true };
        var autoFailover = new Option<string?>("--auto-failover")
        {
            Description = $"Let the backup promote itself once production has been unreachable from it this long, e.g. 30s, 5m ({RoleText.Duration(AutoFailoverPolicy.MinimumGracePeriod)} to {RoleText.Duration(AutoFailoverPolicy.MaximumGracePeriod)}); default none: failover by the administrator only",
        };
        var command = new Command("define", "Define the HA group on this system, or change its members and policy while roles are steady (run it on each system)") { members, production, autoFailover, DryRunOption };
        command.SetAction(async (parse, ct) =>
        {
            // Parsed before connecting: a bad member is exit code 2, and nothing was sent.
            var definition = new HaGroupDefinition(
                [.. parse.GetValue(members)!.Select(RoleText.ParseMember)],
                parse.GetValue(production)!,
                parse.GetValue(autoFailover) is { } text ? new AutoFailoverPolicy(RoleText.ParseGracePeriod(text)) : null);
            var group = (await context.ConnectAsync(parse, ct)).GetGrain<IHaGroupGrain>(HaGroups.Default);
            try
            {
                if (parse.GetValue(DryRunOption))
                {
                    WriteDefinitionPreview(context, parse, await group.GetStatusAsync(), definition);
                    return 0;
                }

                WriteStatus(context, parse, await group.DefineAsync(definition));
                return 0;
            }
            catch (OrleansHaException refused)
            {
                await context.Error.WriteLineAsync($"orleansha: {refused.Message}");
                return 1;
            }
        });
        return command;
    }

    private static Command Status(CliContext context)
    {
        var command = new Command("status", "This system's role, epoch and phase, the members, the fences, divergence, and a role change's progress");
        command.SetGuardedAction(context, async (parse, client, _) =>
        {
            WriteStatus(context, parse, await client.GetGrain<IHaGroupGrain>(HaGroups.Default).GetStatusAsync());
            return 0;
        });
        return command;
    }

    private static Command Check(CliContext context)
    {
        var command = new Command("check", $"Readiness of a switch-over to the backup, item by item with its reason (run on production); exit code {NotReady} when a blocking item fails");
        command.SetGuardedAction(context, async (parse, client, _) =>
        {
            var report = await client.GetGrain<IHaGroupGrain>(HaGroups.Default).CheckAsync();
            WriteReadiness(context, parse, report);
            return report.Ready ? 0 : NotReady;
        });
        return command;
    }
}
