using System.CommandLine;
using OrleansHa.Client.Cli;
using OrleansHa.Connections;
using Spectre.Console;

namespace OrleansHa.Client.Commands;

/// <summary>What the user, file set, destination, sync, status and config commands share.</summary>
internal static class MonitorCli
{
    /// <summary>Runs a command's body; a refusal from the silo (bad input, access denied, not found) prints one line and gives exit code 1.</summary>
    public static void SetGuardedAction(this Command command, CliContext context, Func<ParseResult, IClusterClient, CancellationToken, Task<int>> body)
        => command.SetGuardedAction(context, (ParseResult parse, SystemConnection connection, CancellationToken ct) => body(parse, connection.Client, ct));

    /// <summary>As the other overload, for a body that needs the connection itself (its session: who logged in, in which role).</summary>
    public static void SetGuardedAction(this Command command, CliContext context, Func<ParseResult, SystemConnection, CancellationToken, Task<int>> body)
        => command.SetAction(async (parse, ct) =>
        {
            var connection = await context.ConnectSystemAsync(parse, ct);
            try
            {
                return await body(parse, connection, ct);
            }
            catch (OrleansHaException refused)
            {
                await context.Error.WriteLineAsync($"orleansha: {refused.Message}");
                return 1;
            }
        });

    /// <summary>
    /// As <see cref="SetGuardedAction(Command, CliContext, Func{ParseResult, IClusterClient, CancellationToken, Task{int}})"/>,
    /// for a body that changes a definition: it runs against production of the <c>--group</c> (<see cref="CliContext.WriteAsync"/>),
    /// again there after a refusal by a system that is not production.
    /// </summary>
    public static void SetGuardedWriteAction(this Command command, CliContext context, Func<ParseResult, IClusterClient, CancellationToken, Task<int>> body)
        => command.SetAction(async (parse, ct) =>
        {
            try
            {
                return await context.WriteAsync(parse, client => body(parse, client, ct), ct);
            }
            catch (OrleansHaException refused)
            {
                await context.Error.WriteLineAsync($"orleansha: {refused.Message}");
                return 1;
            }
        });

    /// <summary>The user the client logs in as (the default owner of file sets named without one).</summary>
    public static string LoggedInUser(CliContext context, ParseResult parse) => context.ResolveOptions(parse).User;

    /// <summary>A file set key from <c>owner/name</c>, or <c>name</c> for the logged-in user's own.</summary>
    public static string FileSetKey(CliContext context, ParseResult parse, string name)
        => name.Contains('/', StringComparison.Ordinal) ? name : $"{LoggedInUser(context, parse)}/{name}";

    /// <summary>A required string argument.</summary>
    public static Argument<string> NameArgument(string name, string description) => new(name) { Description = description };

    /// <summary>
    /// A command with one name argument whose action gets the name; with <paramref name="write"/> (the action changes a
    /// definition) it goes to production of the <c>--group</c>.
    /// </summary>
    public static Command NamedCommand(CliContext context, string command, string description, string argument, Func<ParseResult, IClusterClient, string, Task> action, string done, bool write = false)
    {
        var name = NameArgument(argument, $"The {argument}");
        var result = new Command(command, description) { name };
        Func<ParseResult, IClusterClient, CancellationToken, Task<int>> body = async (parse, client, _) =>
        {
            var value = parse.GetValue(name)!;
            await action(parse, client, value);
            context.Console.MarkupLine($"{Markup.Escape(done)} [bold]{Markup.Escape(value)}[/]");
            return 0;
        };
        if (write)
        {
            result.SetGuardedWriteAction(context, body);
        }
        else
        {
            result.SetGuardedAction(context, body);
        }

        return result;
    }
}
