using System.CommandLine;
using Orleans.Runtime;
using OrleansHa.Runtime.Gateway;
using Spectre.Console;

namespace OrleansHa.Client.Cli;

/// <summary>The <c>orleansha</c> command line: the shared options, and every <see cref="ICliModule"/>'s commands.</summary>
public static class CliApp
{
    /// <summary>Builds the root command with the commands of every module in this assembly.</summary>
    public static RootCommand CreateRootCommand(CliContext context)
    {
        var root = new RootCommand("orleansha: operate an OrleansHa system through its gateway");
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

    /// <summary>Parses and runs; known failures print one line to stderr and give exit code 1 (2 for bad settings).</summary>
    public static async Task<int> RunAsync(string[] args, IAnsiConsole console, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        await using var context = new CliContext(console, output);
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
        catch (Exception failure) when (failure is SiloUnavailableException or GatewayAuthenticationException or GatewayProtocolException or TimeoutException or OrleansException)
        {
            await error.WriteLineAsync($"orleansha: {failure.Message}");
            return 1;
        }
    }
}
