using Orleans.Runtime;

namespace OrleansHa.Runtime.Engine;

/// <summary>The <see cref="IGrainReminder"/> handed to grains.</summary>
internal sealed record ReminderHandle(GrainId GrainId, string ReminderName, string? ETag) : IGrainReminder;
