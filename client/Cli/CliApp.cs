using System.CommandLine;
using Spectre.Console;

namespace OrleansHa.Client.Cli;

/// <summary>The <c>orleansha</c> command line: the shared options, and every <see cref="ICliModule"/>'s commands.</summary>
public static class CliApp
{
    /// <summary>Builds the root command with the commands of every module in this assembly.</summary>
    public static RootCommand CreateRootCommand(CliContext context)
    {
        var root = new RootCommand("orleansha: operate an OrleansHa system through its gateways");
        CliContext.AddGlobalOptions(root);
        var modules = typeof(CliApp).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ICliModule).IsAssignableFrom(t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (ICliModule)Activator.CreateInstance(t)!);
        foreach (var module in modules)
        {
            foreach (var command in module.CreateCommands(context))
            {
                root.Subcommands.Add(command);
            }
        }

        return root;
    }

    /// <summary>
    /// Parses and runs. Every failure prints one line to stderr (a line a problem for a bad input file), never a
    /// stack trace, and gives exit code 1 (the system did not answer, refused or failed the call, or timed out) or 2
    /// (a setting, an argument or an input file is bad); see <see cref="CliFailure"/>.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, IAnsiConsole console, TextWriter output, TextWriter error, CancellationToken cancellationToken, Func<string, string?>? environment = null)
    {
        await using var context = new CliContext(console, output, environment, error: error);
        var root = CreateRootCommand(context);
        var configuration = new InvocationConfiguration { EnableDefaultExceptionHandler = false, Output = output, Error = error };
        try
        {
            var invocation = root.Parse(args).InvokeAsync(configuration, cancellationToken);
            if (await Task.WhenAny(invocation, context.OversizedMessage) != invocation)
            {
                // The call would only time out; the command is abandoned (the connection closes on the way out).
                _ = invocation.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                await error.WriteLineAsync($"orleansha: {CliFailure.TooLarge(await context.OversizedMessage)}");
                return CliFailure.RuntimeFailure;
            }

            return await invocation;
        }
        catch (Exception failure)
        {
            var (text, exitCode) = CliFailure.Describe(failure, cancellationToken.IsCancellationRequested);
            var lines = failure is CliInputException ? text.Split('\n') : [text];
            foreach (var line in lines)
            {
                await error.WriteLineAsync($"orleansha: {line.TrimEnd()}");
            }

            return exitCode;
        }
    }
}
