using System.CommandLine;
using OrleansHa.Client.Cli;
using OrleansHa.Users;

namespace OrleansHa.Client.Commands;

/// <summary><c>user add|update|list|show|suspend|resume|remove</c>: the administrator's table of users.</summary>
public sealed class UserCommands : ICliModule
{
    /// <inheritdoc/>
    public IEnumerable<Command> CreateCommands(CliContext context)
    {
        var user = new Command("user", "Manage users (administrator): uid/gid, maximum priority, roots, suspension");
        user.Subcommands.Add(Define(context, "add", "Define a user", update: false));
        user.Subcommands.Add(Define(context, "update", "Change a user; options not given keep their values", update: true));

        var list = new Command("list", "List the users");
        list.SetGuardedAction(context, async (parse, client, _) =>
        {
            var names = await SystemDirectory.GetUsersAsync(client);
            var infos = await Task.WhenAll(names.Select(n => client.GetGrain<IUserGrain>(n).GetAsync()));
            Write(context, parse, infos.OfType<UserInfo>());
            return 0;
        });
        user.Subcommands.Add(list);

        var showName = MonitorCli.NameArgument("name", "The user");
        var show = new Command("show", "Show one user") { showName };
        show.SetGuardedAction(context, async (parse, client, _) =>
        {
            var name = parse.GetValue(showName)!;
            var info = await client.GetGrain<IUserGrain>(name).GetAsync() ?? throw new DefinitionNotFoundException($"user {name} does not exist; 'user list' shows the defined users.");
            Write(context, parse, [info]);
            return 0;
        });
        user.Subcommands.Add(show);
        user.Subcommands.Add(MonitorCli.NamedCommand(context, "suspend", "Suspend a user: their file sets are ignored until resumed", "name", (_, c, n) => c.GetGrain<IUserGrain>(n).SetSuspendedAsync(true), "Suspended user", write: true));
        user.Subcommands.Add(MonitorCli.NamedCommand(context, "resume", "Resume a suspended user", "name", (_, c, n) => c.GetGrain<IUserGrain>(n).SetSuspendedAsync(false), "Resumed user", write: true));
        user.Subcommands.Add(MonitorCli.NamedCommand(context, "remove", "Remove a user (who has no file sets left)", "name", (_, c, n) => c.GetGrain<IUserGrain>(n).RemoveAsync(), "Removed user", write: true));
        return [user];
    }

    private static Command Define(CliContext context, string verb, string description, bool update)
    {
        var name = MonitorCli.NameArgument("name", "The user name");
        var uid = new Option<int?>("--uid") { Description = "Numeric user id files are read as" };
        var gid = new Option<int?>("--gid") { Description = "Numeric group id files are read as" };
        var max = new Option<int?>("--max-priority") { Description = "Highest priority of the user's file sets (0..9)" };
        var roots = new Option<string[]>("--root") { Description = "A directory the user may read and write (repeat for several)", AllowMultipleArgumentsPerToken = true };
        var command = new Command(verb, description) { name, uid, gid, max, roots };
        command.SetGuardedWriteAction(context, async (parse, client, _) =>
        {
            var grain = client.GetGrain<IUserGrain>(parse.GetValue(name)!);
            var current = update
                ? (await grain.GetAsync())?.Definition ?? throw new DefinitionNotFoundException($"user {parse.GetValue(name)} does not exist; 'user add' defines it.")
                : new UserDefinition(parse.GetValue(name)!, 0, 0, 0, []);
            var given = parse.GetValue(roots);
            var definition = current with
            {
                Uid = parse.GetValue(uid) ?? current.Uid,
                Gid = parse.GetValue(gid) ?? current.Gid,
                MaxPriority = parse.GetValue(max) ?? current.MaxPriority,
                Roots = given is { Length: > 0 } ? given : current.Roots,
            };
            var info = await grain.DefineAsync(definition, allowUpdate: update);
            Write(context, parse, [info]);
            return 0;
        });
        return command;
    }

    private static void Write(CliContext context, ParseResult parse, IEnumerable<UserInfo> users)
        => context.WriteTable(parse, users,
            ("name", u => u.Definition.Name),
            ("uid", u => u.Definition.Uid),
            ("gid", u => u.Definition.Gid),
            ("max priority", u => u.Definition.MaxPriority),
            ("roots", u => string.Join(", ", u.Definition.Roots)),
            ("suspended", u => u.Suspended),
            ("file sets", u => u.FileSets.Count));
}
