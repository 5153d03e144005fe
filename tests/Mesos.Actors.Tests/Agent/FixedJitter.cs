namespace Mesos.Actors.Tests.Agent;

/// <summary>Takes the randomness out of backoffs: every delay is this fraction of its bound (0 = at once, 1 = the whole bound).</summary>
internal sealed class FixedJitter(double fraction) : Random
{
    public override double NextDouble() => fraction;
}
