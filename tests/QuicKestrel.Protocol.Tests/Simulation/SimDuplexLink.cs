namespace QuicKestrel.Protocol.Tests.Simulation;

/// <summary>The two directions created by <see cref="SimNetwork.Connect(SimHost, SimHost, LinkOptions?)"/>.</summary>
internal sealed class SimDuplexLink(SimLink forward, SimLink reverse)
{
    /// <summary>From the first host to the second.</summary>
    public SimLink Forward { get; } = forward;

    /// <summary>From the second host back to the first.</summary>
    public SimLink Reverse { get; } = reverse;

    /// <summary>Gives both directions the same new options.</summary>
    public void SetOptions(LinkOptions options)
    {
        Forward.Options = options;
        Reverse.Options = options;
    }

    /// <summary>Switches both directions off or on by hand.</summary>
    public bool ForcedDown
    {
        get => Forward.ForcedDown && Reverse.ForcedDown;
        set => Forward.ForcedDown = Reverse.ForcedDown = value;
    }

    public override string ToString() => $"{Forward}{Environment.NewLine}{Reverse}";
}
