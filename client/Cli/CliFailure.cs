using System.Text.RegularExpressions;
using Orleans.Runtime.Messaging;
using OrleansHa.Connections;

namespace OrleansHa.Client.Cli;

/// <summary>
/// How a failure reaches the operator: one line (or one line a problem) on stderr and an exit code: 2 when what was
/// given is bad (a setting, an argument, an input file), 1 when the system could not be reached, refused the call or
/// failed it, 130 when the command was cancelled. Never a stack trace.
/// </summary>
internal static partial class CliFailure
{
    /// <summary>Exit code for bad input: a setting, an argument or an input file.</summary>
    public const int BadInput = 2;

    /// <summary>Exit code for a failure at run time: unreachable, refused, timed out, failed in the silo.</summary>
    public const int RuntimeFailure = 1;

    /// <summary>Exit code when the command was cancelled (Ctrl+C), as a shell reports SIGINT.</summary>
    public const int Cancelled = 130;

    /// <summary>The text to print (without the <c>orleansha: </c> prefix) and the exit code for a failure.</summary>
    public static (string Text, int ExitCode) Describe(Exception failure, bool cancelled)
    {
        if (Find<InvalidMessageFrameException>(failure) is { } frame)
        {
            return (TooLarge(frame.Message), RuntimeFailure);
        }

        return failure switch
        {
            CliSettingException or CliInputException => (failure.Message, BadInput),
            OperationCanceledException when cancelled => ("cancelled; what was already done stays done.", Cancelled),
            ArgumentException argument => (WithoutParameter(argument), BadInput),
            FormatException => (FirstLine(failure.Message), BadInput),
            FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException => ($"{FirstLine(failure.Message)} Check the path and its permissions.", BadInput),
            SystemUnavailableException or CallInterruptedException or OrleansHaException => (failure.Message, RuntimeFailure),
            TimeoutException => ($"the call timed out ({FirstLine(failure.Message)}); the silo may be overloaded or stopping. Check 'status' and try again.", RuntimeFailure),
            SiloUnavailableException => ($"the silo went away during the call ({FirstLine(failure.Message)}); the call may or may not have run. Try again once it runs.", RuntimeFailure),
            OrleansException => ($"the call failed in Orleans: {FirstLine(failure.Message)}", RuntimeFailure),
            InvalidOperationException => (FirstLine(failure.Message), RuntimeFailure),
            IOException => ($"{FirstLine(failure.Message)} Check the path, its permissions and free space.", RuntimeFailure),
            _ => ($"unexpected {failure.GetType().Name}: {FirstLine(failure.Message)} (a defect in orleansha or the silo; please report it with the command that was run).", RuntimeFailure),
        };
    }

    /// <summary>What to say when a call's request or response was over Orleans' message size limit.</summary>
    public static string TooLarge(string detail)
        => $"the call was not sent or answered: a message was larger than the connection allows ({FirstLine(detail)}). Send less in one call (a smaller --batch, a smaller file or record); the call did not run if its request was the large one.";

    private static T? Find<T>(Exception? failure)
        where T : Exception
    {
        for (var current = failure; current is not null; current = current.InnerException)
        {
            if (current is T found)
            {
                return found;
            }

            if (current is AggregateException { InnerExceptions: var inner } && inner.Select(Find<T>).FirstOrDefault(f => f is not null) is { } nested)
            {
                return nested;
            }
        }

        return null;
    }

    // An ArgumentException's message ends in " (Parameter 'x')", which names our code, not the operator's input (one
    // thrown in a grain arrives with the suffix in its message and no parameter name).
    private static string WithoutParameter(ArgumentException failure)
        => ParameterSuffix().Replace(FirstLine(failure.Message), string.Empty);

    [GeneratedRegex(@"\s*\(Parameter '[^']*'\)$")]
    private static partial Regex ParameterSuffix();

    private static string FirstLine(string text) => text.Split('\n', 2)[0].TrimEnd();
}
