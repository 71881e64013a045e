using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using OrleansHa.Client.Cli;
using OrleansHa.Journals;

namespace OrleansHa.Client.Commands;

/// <summary>
/// <c>journal append</c>'s work. The whole file is checked first (every bad line reported, nothing sent when one is
/// bad). Then it is appended in batches of at most <c>--batch</c> changes and <see cref="MaxBatchBytes"/>, each with the
/// request id <c>PREFIX-lineN</c>, N the line of the batch's first change. Since the journal remembers a request id
/// with its answer, and that answer counts the changes the batch held, a rerun with any batch size finds what an
/// earlier run stored: a batch whose id was seen is answered with the earlier batch's counts, and the run skips that
/// many changes and goes on from the next line, so each change is appended once whatever the batching.
/// </summary>
internal static class JournalFileAppender
{
    /// <summary>The most bytes of changes (as JSON text) one append carries; a larger single change goes alone.</summary>
    public const int MaxBatchBytes = 4 * 1024 * 1024;

    /// <summary>The largest change line: well under Orleans' message limit (100 MB by default).</summary>
    public const int MaxChangeBytes = 64 * 1024 * 1024;

    /// <summary>The longest <c>--request-id</c> prefix, so that <c>PREFIX-lineN</c> stays within the journal's 200.</summary>
    public const int MaxPrefixLength = 160;

    private const int MaxListedProblems = 100;

    /// <summary>Checks every line; throws <see cref="CliInputException"/> listing the bad ones. Returns the number of changes and the content's hash.</summary>
    public static async Task<(long Changes, string Hash)> CheckAsync(string path, string source, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var reader = new StreamReader(path, Encoding.UTF8);
        var problems = new List<string>();
        long changes = 0, bad = 0, number = 0;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            number++;
            hash.AppendData(Encoding.UTF8.GetBytes(line + "\n"));
            if (Problem(line, source, number) is { } problem)
            {
                bad++;
                if (problems.Count < MaxListedProblems)
                {
                    problems.Add(problem);
                }
            }
            else if (!IsSkipped(line))
            {
                changes++;
            }
        }

        if (bad > 0)
        {
            var what = bad == 1 ? "the line" : "them";
            var more = bad > problems.Count ? string.Create(CultureInfo.InvariantCulture, $" ({bad - problems.Count:N0} more not listed)") : string.Empty;
            problems[^1] += string.Create(CultureInfo.InvariantCulture, $"{(bad == 1 ? string.Empty : more)} Nothing was appended: {bad:N0} of {number:N0} line(s) are bad; fix {what} and run again.");
            throw new CliInputException(string.Join('\n', problems));
        }

        return (changes, Convert.ToHexString(hash.GetHashAndReset())[..24].ToLowerInvariant());
    }

    /// <summary>Appends the checked file; <paramref name="totals"/> is kept up to date, so it is right when a call fails part-way.</summary>
    /// <param name="append">Appends one batch under a request id (the journal grain's <see cref="IJournalGrain.AppendAsync"/>, wherever writes go).</param>
    /// <param name="path">The checked file.</param>
    /// <param name="source">The file's name in messages.</param>
    /// <param name="prefix">The request ids' prefix.</param>
    /// <param name="size">The most changes a batch holds.</param>
    /// <param name="totals">The running totals.</param>
    /// <param name="progress">Told after each batch.</param>
    /// <param name="ct">Stops between batches.</param>
    public static async Task AppendAsync(Func<string, JournalChange[], Task<JournalAppendResult>> append, string path, string source, string prefix, int size, JournalAppendTotals totals, Action? progress, CancellationToken ct)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        var lines = Read(reader, source, ct).GetAsyncEnumerator(ct);
        await using var _ = lines;
        var batch = new List<Line>();
        Line? lookahead = null;
        long skip = 0;
        while (true)
        {
            var bytes = batch.Sum(c => (long)c.Bytes);
            while (batch.Count < size && await NextAsync() is { } next)
            {
                if (batch.Count > 0 && bytes + next.Bytes > MaxBatchBytes)
                {
                    lookahead = next;
                    break;
                }

                batch.Add(next);
                bytes += next.Bytes;
            }

            if (batch.Count == 0 || !await SendAsync())
            {
                return;
            }
        }

        async Task<Line?> NextAsync()
        {
            if (lookahead is { } held)
            {
                lookahead = null;
                if (skip == 0)
                {
                    return held;
                }

                skip--;
                totals.AddAlready(1);
            }

            while (await lines.MoveNextAsync())
            {
                if (skip == 0)
                {
                    return lines.Current;
                }

                skip--;
                totals.AddAlready(1);
            }

            return null;
        }

        async Task<bool> SendAsync()
        {
            ct.ThrowIfCancellationRequested();
            var sent = batch.Count;
            var result = await append(RequestId(prefix, batch[0].Number), [.. batch.Select(c => c.Change)]);
            if (!result.Accepted)
            {
                totals.Refused(result.Error);
                batch.Clear();
                return false;
            }

            // A seen id answers with the earlier batch's counts: that many changes from here are stored already.
            var held = result.Duplicate ? result.Journaled + result.Filtered + result.Rejected : sent;
            if (held <= 0)
            {
                throw new InvalidOperationException($"The journal answered request id {RequestId(prefix, batch[0].Number)} as seen before, but with no changes, so it cannot tell which lines that append held; run again with another --request-id only if nothing of this file was appended.");
            }

            totals.Add(result, Math.Min(held, sent));
            if (held < sent)
            {
                batch.RemoveRange(0, held);
            }
            else
            {
                skip += held - sent;
                batch.Clear();
            }

            progress?.Invoke();
            return true;
        }
    }

    /// <summary>The request id of a batch whose first change is on line <paramref name="line"/>.</summary>
    public static string RequestId(string prefix, long line) => string.Create(CultureInfo.InvariantCulture, $"{prefix}-line{line}");

    private static async IAsyncEnumerable<Line> Read(TextReader reader, string source, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        long number = 0;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            number++;
            if (IsSkipped(line))
            {
                continue;
            }

            // Checked before the first append; a line that fails now changed since.
            var bytes = Encoding.UTF8.GetByteCount(line);
            JournalChange change;
            try
            {
                change = bytes <= MaxChangeBytes ? JournalChangeFile.Parse(line, $"{source} line {number}") : throw new FormatException($"{source} line {number}: too large.");
            }
            catch (FormatException bad)
            {
                throw new CliInputException($"{bad.Message} The file changed after it was checked; what was appended before this line stays appended.");
            }

            yield return new Line(number, bytes, change);
        }
    }

    private static string? Problem(string line, string source, long number)
    {
        if (IsSkipped(line))
        {
            return null;
        }

        var bytes = Encoding.UTF8.GetByteCount(line);
        if (bytes > MaxChangeBytes)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{source} line {number}: the change is {bytes:N0} bytes; one change may be at most {MaxChangeBytes:N0}.");
        }

        try
        {
            JournalChangeFile.Parse(line, $"{source} line {number}");
            return null;
        }
        catch (FormatException bad)
        {
            return bad.Message;
        }
    }

    private static bool IsSkipped(string line)
    {
        var trimmed = line.AsSpan().Trim();
        return trimmed.IsEmpty || trimmed[0] == '#';
    }

    private sealed record Line(long Number, int Bytes, JournalChange Change);
}
