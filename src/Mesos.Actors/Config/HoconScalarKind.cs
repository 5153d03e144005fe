namespace Mesos.Actors.Config;

internal enum HoconScalarKind
{
    String,
    Number,
    Boolean,
    Null,
}
