namespace OrleansHa.Client.Cli;

/// <summary>
/// What a command was given to read is bad (a line of a journal file, an argument out of range); the message names
/// the place and what is allowed, one problem a line. Exit code 2, and nothing was sent.
/// </summary>
public sealed class CliInputException(string message) : Exception(message);
