using OrleansHa.Client.Cli;
using Spectre.Console;

// orleansha: the command-line client. Commands come from the ICliModule classes under Commands/.
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
return await CliApp.RunAsync(args, AnsiConsole.Console, Console.Out, Console.Error, cancel.Token);
