namespace OrleansHa.Runtime.Gateway.Calls;

/// <summary>The first byte of a response body. The numbers are the wire format: never renumber, only add.</summary>
internal enum ResponseStatus : byte
{
    /// <summary>The method returned; its result follows (nothing for Task and ValueTask).</summary>
    Ok = 0,

    /// <summary>The method threw; the exception follows, serialized.</summary>
    Exception = 1,

    /// <summary>The method threw an exception that could not be serialized; its type name and message follow.</summary>
    ExceptionText = 2,

    /// <summary>The silo could not understand the request (e.g. an unknown method); a message follows.</summary>
    ProtocolError = 3,

    /// <summary>The silo is shutting down and did not start the call; a message follows.</summary>
    Unavailable = 4,
}
