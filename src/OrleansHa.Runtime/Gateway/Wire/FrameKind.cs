namespace OrleansHa.Runtime.Gateway.Wire;

/// <summary>What a frame carries. The numbers are the wire format: never renumber, only add.</summary>
internal enum FrameKind : byte
{
    /// <summary>Client → silo, first frame: protocol version and credential.</summary>
    Hello = 1,

    /// <summary>Silo → client, after a valid Hello: system name, principal and the grain type table.</summary>
    Welcome = 2,

    /// <summary>Silo → client: the connection is refused (reason given); the silo closes it.</summary>
    Refused = 3,

    /// <summary>Client → silo: a grain call; the request id pairs it with its response.</summary>
    Request = 4,

    /// <summary>Silo → client: the outcome of one request.</summary>
    Response = 5,

    /// <summary>Silo → client: the silo is shutting down; send no new requests on this connection.</summary>
    GoAway = 6,

    /// <summary>Client → silo: asks for the silo's status (hosting level, no grain involved).</summary>
    Status = 7,

    /// <summary>Silo → client: the answer to <see cref="Status"/>.</summary>
    StatusReply = 8,
}
