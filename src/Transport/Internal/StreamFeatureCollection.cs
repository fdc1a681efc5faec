using System.Collections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;

namespace QuicKestrel.Transport.Internal;

/// <summary>
/// A stream's features: what Kestrel sets on the stream, then the stream's own features
/// (answered without a dictionary), then the connection's features.
/// </summary>
internal sealed class StreamFeatureCollection(QuicStreamContext stream, IFeatureCollection connectionFeatures) : IFeatureCollection
{
    private static readonly Type[] s_streamFeatures =
    [
        typeof(IStreamDirectionFeature), typeof(IStreamIdFeature), typeof(IProtocolErrorCodeFeature),
        typeof(IPersistentStateFeature), typeof(IStreamAbortFeature), typeof(IStreamClosedFeature),
    ];

    private FeatureCollection? _added;
    private int _revision;

    public bool IsReadOnly => false;

    public int Revision => _revision + (_added?.Revision ?? 0) + connectionFeatures.Revision;

    public object? this[Type key]
    {
        get => _added?[key] ?? OwnFeature(key) ?? connectionFeatures[key];
        set
        {
            (_added ??= new FeatureCollection())[key] = value;
            _revision++;
        }
    }

    public TFeature? Get<TFeature>() => (TFeature?)this[typeof(TFeature)];

    public void Set<TFeature>(TFeature? instance) => this[typeof(TFeature)] = instance;

    /// <summary>Forgets what the previous stream of a pooled context added.</summary>
    public void Reset()
    {
        _added = null;
        _revision++;
    }

    public IEnumerator<KeyValuePair<Type, object>> GetEnumerator()
    {
        if (_added is not null)
        {
            foreach (KeyValuePair<Type, object> feature in _added)
                yield return feature;
        }
        foreach (Type type in s_streamFeatures)
        {
            if (_added?[type] is null)
                yield return new KeyValuePair<Type, object>(type, stream);
        }
        foreach (KeyValuePair<Type, object> feature in connectionFeatures)
        {
            if (_added?[feature.Key] is null && OwnFeature(feature.Key) is null)
                yield return feature;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private object? OwnFeature(Type key) =>
        key == typeof(IStreamDirectionFeature) || key == typeof(IStreamIdFeature) || key == typeof(IProtocolErrorCodeFeature)
        || key == typeof(IPersistentStateFeature) || key == typeof(IStreamAbortFeature) || key == typeof(IStreamClosedFeature)
            ? stream
            : null;
}
