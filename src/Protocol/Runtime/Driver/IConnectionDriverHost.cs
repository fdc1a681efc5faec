namespace QuicKestrel.Protocol.Runtime.Driver;

/// <summary>
/// The API layer's side of a <see cref="ConnectionDriver"/>: it executes the operations the API
/// queued for the connection and turns the engine's events into application callbacks. All
/// methods run on the connection's worker.
/// </summary>
internal interface IConnectionDriverHost
{
    /// <summary>An operation queued with <see cref="WorkOwnerHandle.Signal"/>.</summary>
    void ExecuteOperation(int code, long argument, object? state, long now);

    /// <summary>Delivers every pending event (the engine's and the API layer's own) to the application.</summary>
    void DeliverEvents(long now);

    /// <summary>True when events wait for <see cref="DeliverEvents"/>.</summary>
    bool HasPendingEvents { get; }

    /// <summary>The engine connection ended and its endpoint forgot it: nothing more will arrive.</summary>
    void OnTerminated(long now);
}
