using OrleansHa.FileSets;

namespace OrleansHa.Grains.Tests.Monitor;

public sealed class FileSetScheduleTests
{
    [Theory]
    [InlineData("every 15m", "every 15m")]
    [InlineData("EVERY 1h30m", "every 1h30m")]
    [InlineData("every 2d", "every 2d")]
    [InlineData("every 90s", "every 1m30s")]
    [InlineData("daily 2:05", "daily 02:05")]
    [InlineData("", "manual")]
    [InlineData("manual", "manual")]
    public void Parse_WhenWellFormed_GivesTheCanonicalForm(string text, string expected)
        => Assert.Equal(expected, FileSetSchedule.Parse(text).ToString());

    [Theory]
    [InlineData("every 59s", "1-minute minimum")]
    [InlineData("every", "is not a schedule")]
    [InlineData("every 5x", "malformed duration")]
    [InlineData("daily 25:00", "is not a schedule")]
    [InlineData("hourly", "is not a schedule")]
    public void Parse_WhenMalformed_NamesTheFieldAndWhatIsAllowed(string text, string problem)
    {
        var error = Assert.Throws<InvalidDefinitionException>(() => FileSetSchedule.Parse(text));

        Assert.Equal("schedule", error.Field);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Contains("daily HH:MM", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NextAfter_WhenDailyInAZoneAcrossDaylightSaving_KeepsTheWallClockTime()
    {
        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        var schedule = FileSetSchedule.Parse("daily 02:30");
        // 2026-03-28 12:00 UTC; the clocks go forward in Paris on 2026-03-29 at 02:00 (02:30 does not exist that day).
        var saturday = new DateTimeOffset(2026, 3, 28, 12, 0, 0, TimeSpan.Zero);

        var sunday = schedule.NextAfter(saturday, paris)!.Value;
        var monday = schedule.NextAfter(sunday, paris)!.Value;

        Assert.Equal(new DateTimeOffset(2026, 3, 29, 3, 30, 0, TimeSpan.FromHours(2)), sunday);
        Assert.Equal(new DateTimeOffset(2026, 3, 30, 2, 30, 0, TimeSpan.FromHours(2)), monday);
    }

    [Fact]
    public void NextAfter_WhenEvery_AddsTheInterval()
    {
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        Assert.Equal(now.AddMinutes(15), FileSetSchedule.Parse("every 15m").NextAfter(now, TimeZoneInfo.Utc));
        Assert.Null(FileSetSchedule.Manual.NextAfter(now, TimeZoneInfo.Utc));
    }
}
