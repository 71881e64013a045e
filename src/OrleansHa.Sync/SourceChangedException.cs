namespace OrleansHa.Sync;

/// <summary>A source file changed while it was read; the target keeps its previous version.</summary>
public sealed class SourceChangedException(string message) : IOException(message);
