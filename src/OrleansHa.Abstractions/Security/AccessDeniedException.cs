namespace OrleansHa.Security;

/// <summary>
/// The caller is not allowed to do what it asked: a user reaching another user's file set, a
/// non-administrator managing users or destinations, or a path outside the owner's roots.
/// </summary>
[GenerateSerializer, Alias("orleansha.access-denied")]
public sealed class AccessDeniedException : OrleansHaException
{
    /// <summary>Creates the exception without a message.</summary>
    public AccessDeniedException()
    {
    }

    /// <summary>Creates the exception with a message naming the caller and what was refused.</summary>
    public AccessDeniedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public AccessDeniedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
