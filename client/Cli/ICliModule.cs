using System.CommandLine;

namespace OrleansHa.Client.Cli;

/// <summary>A group of commands; modules are discovered by reflection, so adding a class adds its commands.</summary>
public interface ICliModule
{
    /// <summary>The module's top-level commands.</summary>
    IEnumerable<Command> CreateCommands(CliContext context);
}
