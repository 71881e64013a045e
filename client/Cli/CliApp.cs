using System.CommandLine;
using OrleansHa.Connections;
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
    /// Parses and runs; known failures print one line to stderr and give exit code 1 (the system did not answer, a
    /// login or call was refused, a call timed out or failed in Orleans) or 2 (a bad setting).
    /// </summary>
    public static async Task<int> RunAsync(string[] args, IAnsiConsole console, TextWriter output, TextWriter error, CancellationToken cancellationToken, Func<string, string?>? environment = null)
    {
        await using var context = new CliContext(console, output, environment, error: error);
        var root = CreateRootCommand(context);
        var configuration = new InvocationConfiguration { EnableDefaultExceptionHandler = false, Output = output, Error = error };
        try
        {
            return await root.Parse(args).InvokeAsync(configuration, cancellationToken);
        }
        catch (CliSettingException failure)
        {
            await error.WriteLineAsync($"orleansha: {failure.Message}");
            return 2;
        }
        catch (Exception failure) when (failure is SystemUnavailableException or OrleansHaException or TimeoutException or OrleansException)
        {
            await error.WriteLineAsync($"orleansha: {Describe(failure)}");
            return 1;
        }
    }

    // Orleans words its failures for developers; the first line of each says what happened, and the kind tells why.
    private static string Describe(Exception failure) => failure switch
    {
        TimeoutException => $"the call timed out ({FirstLine(failure.Message)}); the silo may be overloaded or stopping.",
        SiloUnavailableException => $"the silo went away during the call ({FirstLine(failure.Message)}); try again once it runs.",
        OrleansException => $"the call failed in Orleans: {FirstLine(failure.Message)}",
        _ => failure.Message,
    };

    private static string FirstLine(string text) => text.Split('\n', 2)[0].TrimEnd();
}
