namespace Mesos.Actors.Protocol;

/// <summary>A serialized body and the Content-Type to send with it.</summary>
public readonly record struct EncodedMessage(byte[] Body, string ContentType);
