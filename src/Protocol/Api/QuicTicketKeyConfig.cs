using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace QuicKestrel.Protocol.Api;

/// <summary>
/// A key that encrypts a server's session tickets, so that servers sharing it can resume each
/// other's sessions; set an array of them with <see cref="QuicParam.ConfigurationTicketKeys"/>.
/// MsQuic's <c>QUIC_TICKET_KEY_CONFIG</c>, byte for byte (81 bytes).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct QuicTicketKeyConfig
{
    /// <summary>The length of <see cref="Id"/>.</summary>
    public const int IdLength = 16;

    /// <summary>The room for <see cref="Material"/>.</summary>
    public const int MaxMaterialLength = 64;

    private IdBytes _id;
    private MaterialBytes _material;
    private byte _materialLength;

    /// <summary>A key with the given id and secret material.</summary>
    /// <param name="id">Exactly <see cref="IdLength"/> bytes naming the key; it travels in tickets so the right key is found.</param>
    /// <param name="material">Up to <see cref="MaxMaterialLength"/> bytes of secret key material.</param>
    /// <exception cref="ArgumentException"><paramref name="id"/> or <paramref name="material"/> has the wrong length.</exception>
    public QuicTicketKeyConfig(ReadOnlySpan<byte> id, ReadOnlySpan<byte> material)
    {
        if (id.Length != IdLength)
            throw new ArgumentException($"A ticket key id is {IdLength} bytes.", nameof(id));
        if (material.Length > MaxMaterialLength)
            throw new ArgumentException($"Ticket key material is at most {MaxMaterialLength} bytes.", nameof(material));
        id.CopyTo(_id);
        material.CopyTo(_material);
        _materialLength = (byte)material.Length;
    }

    /// <summary>The key's id.</summary>
    [UnscopedRef]
    public readonly ReadOnlySpan<byte> Id => _id;

    /// <summary>The key's secret material: the first <see cref="MaterialLength"/> bytes of its room.</summary>
    [UnscopedRef]
    public readonly ReadOnlySpan<byte> Material => ((ReadOnlySpan<byte>)_material)[..Math.Min((int)_materialLength, MaxMaterialLength)];

    /// <summary>How many bytes of material the key has.</summary>
    public readonly byte MaterialLength => _materialLength;

    [InlineArray(IdLength)]
    private struct IdBytes
    {
        private byte _element;
    }

    [InlineArray(MaxMaterialLength)]
    private struct MaterialBytes
    {
        private byte _element;
    }
}
