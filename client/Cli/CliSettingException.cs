namespace OrleansHa.Client.Cli;

/// <summary>A client setting is missing or invalid; the message names it and where it can be given.</summary>
public sealed class CliSettingException(string message) : Exception(message);
