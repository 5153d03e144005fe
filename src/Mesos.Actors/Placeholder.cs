namespace Mesos.Actors; internal static class Placeholder {}
