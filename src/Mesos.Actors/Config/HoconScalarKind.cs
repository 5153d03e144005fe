namespace Mesos.Actors.Configuration;

internal enum HoconScalarKind
{
    String,
    Number,
    Boolean,
    Null,
}
