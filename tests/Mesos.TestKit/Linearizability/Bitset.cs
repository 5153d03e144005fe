namespace Mesos.TestKit.Linearizability;

/// <summary>An immutable set of operation ids: which operations a search path has linearized.</summary>
internal sealed class Bitset : IEquatable<Bitset>
{
    private readonly ulong[] _words;
    private readonly int _hash;

    public Bitset(int size) : this(new ulong[(size + 63) / 64]) { }

    private Bitset(ulong[] words)
    {
        _words = words;
        var hash = new HashCode();
        foreach (var word in words) hash.Add(word);
        _hash = hash.ToHashCode();
    }

    public Bitset With(int bit)
    {
        var words = (ulong[])_words.Clone();
        words[bit / 64] |= 1UL << (bit % 64);
        return new Bitset(words);
    }

    public Bitset Without(int bit)
    {
        var words = (ulong[])_words.Clone();
        words[bit / 64] &= ~(1UL << (bit % 64));
        return new Bitset(words);
    }

    public bool Equals(Bitset? other) => other is not null && _words.AsSpan().SequenceEqual(other._words);

    public override bool Equals(object? obj) => Equals(obj as Bitset);

    public override int GetHashCode() => _hash;
}
