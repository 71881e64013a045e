using System.Globalization;

namespace OrleansHa.Benchmarks;

/// <summary>Prints rows as a plain-text table: measure, ours, baseline, ratio, target, met.</summary>
public static class TablePrinter
{
    /// <summary>Writes the table for one suite, and <paramref name="note"/> under it when given.</summary>
    public static void Print(TextWriter output, string title, IReadOnlyList<BenchmarkResult> rows, string? note = null)
    {
        string[] header = ["measure", "ours", "baseline", "ratio", "unit", "target", "met"];
        var cells = rows.Select(r => new[]
        {
            r.Measure,
            Format(r.Ours),
            r.Baseline is null ? "-" : $"{Format(r.Baseline.Value)} ({r.BaselineName})",
            r.Ratio is null ? "-" : r.Ratio.Value.ToString("0.00", CultureInfo.InvariantCulture),
            r.Unit,
            r.Target,
            r.Met switch { true => "yes", false => "NO", null => "-" },
        }).ToList();

        var widths = header.Select((h, i) => Math.Max(h.Length, cells.Count == 0 ? 0 : cells.Max(c => c[i].Length))).ToArray();
        output.WriteLine();
        output.WriteLine($"## {title}");
        output.WriteLine(Line(header, widths));
        output.WriteLine(string.Join("-+-", widths.Select(w => new string('-', w))));
        foreach (var row in cells)
        {
            output.WriteLine(Line(row, widths));
        }

        if (note is not null)
        {
            output.WriteLine();
            output.WriteLine($"Note: {note}");
        }
    }

    private static string Line(string[] cells, int[] widths)
        => string.Join(" | ", cells.Select((c, i) => c.PadRight(widths[i])));

    private static string Format(double value) => value switch
    {
        >= 1000 => value.ToString("#,0", CultureInfo.InvariantCulture),
        >= 10 => value.ToString("0.0", CultureInfo.InvariantCulture),
        _ => value.ToString("0.000", CultureInfo.InvariantCulture),
    };
}
