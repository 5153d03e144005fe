using System.Buffers;
using Mesos.Actors.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace Mesos.Host.Http;

/// <summary>
/// Reads every request body the endpoints decode, so that what a request costs is bounded: a body is
/// read once into an array of its size, never past its endpoint's limit, and one larger than
/// <see cref="HttpLimits.LargeBodyBytes"/> first waits until fewer than
/// <see cref="HttpLimits.MaxConcurrentLargeBodies"/> other requests with large bodies are being read,
/// decoded and handled (a turn lasts until the request's answer starts, so an event stream holds none).
/// A large body must keep arriving at <see cref="MinBodyBytesPerSecond"/>, so that a slow sender cannot
/// hold a turn, and the memory a body over <see cref="HttpLimits.MaxSmallBodyBytes"/> took is collected
/// when its turn ends rather than whenever the runtime would. Only UTF-8 text is read: a body that
/// declares another charset is refused.
/// </summary>
internal sealed class RequestBodies(HttpLimits limits)
{
    /// <summary>How long a large body waits for its turn before it is answered 503.</summary>
    public static readonly TimeSpan LargeBodyWait = TimeSpan.FromSeconds(30);

    private const int MinBodyBytesPerSecond = 64 << 10;
    private static readonly TimeSpan SlowBodyGrace = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _turns = new(limits.MaxConcurrentLargeBodies, limits.MaxConcurrentLargeBodies);

    public HttpLimits Limits { get; } = limits;

    /// <summary>Decodes the v1 APIs' bodies, within the largest limit; each endpoint reads within its own first.</summary>
    public ProtocolCodec Codec { get; } = new(limits.MaxBodyBytes);

    /// <summary>The request's body, at most <paramref name="limit"/> bytes.</summary>
    /// <exception cref="UnsupportedMediaTypeException">The body declares a charset other than UTF-8 (answer 415).</exception>
    /// <exception cref="BodyTooLargeException">The body is longer than <paramref name="limit"/> (answer 413).</exception>
    /// <exception cref="BodyWaitException">A large body waited too long for its turn (answer 503).</exception>
    public async Task<byte[]> Read(HttpContext context, long limit)
    {
        RequestCharset.EnsureUtf8(context.Request.ContentType);
        var request = context.Request;
        var max = context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature ? feature : null;
        if (request.ContentLength > limit)
        {
            // Kestrel drains an unread body after the answer, within this limit: up to the largest body, so
            // that a client that sends its whole body before it reads gets the 413 instead of a broken pipe.
            max?.MaxRequestBodySize = Math.Max(limit, Limits.MaxBodyBytes);
            throw new BodyTooLargeException(request.ContentLength.Value, limit);
        }
        max?.MaxRequestBodySize = limit;
        if (context.Features.Get<IHttpMinRequestBodyDataRateFeature>() is { } rate)
        {
            rate.MinDataRate = new MinDataRate(MinBodyBytesPerSecond, SlowBodyGrace);
        }

        try
        {
            if (request.ContentLength is not { } length) return await ReadChunked(context, limit);
            if (length > HttpLimits.LargeBodyBytes) await WaitForTurn(context, length);
            var bytes = GC.AllocateUninitializedArray<byte>((int)length);
            await request.Body.ReadExactlyAsync(bytes, context.RequestAborted);
            return bytes;
        }
        catch (IOException e) when (e is not Microsoft.AspNetCore.Http.BadHttpRequestException && !context.RequestAborted.IsCancellationRequested)
        {
            // The HTTP layer could not take the body apart (a chunk size beyond any number, a body cut short);
            // a refusal with its status (a body over its limit) goes out as it is.
            throw new Microsoft.AspNetCore.Http.BadHttpRequestException($"Failed to read the request body: {e.Message}", StatusCodes.Status400BadRequest, e);
        }
    }

    /// <summary>A body of unknown length (chunked), read in pooled segments and copied once into an array of its size.</summary>
    private async Task<byte[]> ReadChunked(HttpContext context, long limit)
    {
        var segments = new List<byte[]>();
        var total = 0L;
        try
        {
            while (true)
            {
                var segment = ArrayPool<byte>.Shared.Rent(HttpLimits.LargeBodyBytes);
                segments.Add(segment);
                var read = await context.Request.Body.ReadAtLeastAsync(segment, segment.Length, throwOnEndOfStream: false, context.RequestAborted);
                total += read;
                if (total > limit) throw new BodyTooLargeException(total, limit);
                if (read < segment.Length) break;
                if (segments.Count == 1) await WaitForTurn(context, limit);
            }
            var bytes = GC.AllocateUninitializedArray<byte>((int)total);
            var offset = 0;
            foreach (var segment in segments)
            {
                var count = (int)Math.Min(segment.Length, total - offset);
                segment.AsSpan(0, count).CopyTo(bytes.AsSpan(offset));
                offset += count;
            }
            return bytes;
        }
        finally
        {
            foreach (var segment in segments) ArrayPool<byte>.Shared.Return(segment);
        }
    }

    /// <summary>
    /// A v0 endpoint's form (<c>application/x-www-form-urlencoded</c>, as Mesos reads it), or null when the
    /// body is not one; fields are percent-decoded as UTF-8.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, StringValues>?> ReadForm(HttpContext context)
    {
        var contentType = context.Request.ContentType;
        if (contentType is null || !contentType.Split(';')[0].Trim().Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)) return null;
        using var reader = new FormReader(new MemoryStream(await Read(context, Limits.MaxSmallBodyBytes), writable: false));
        try
        {
            return await reader.ReadFormAsync(context.RequestAborted);
        }
        catch (InvalidDataException e)
        {
            throw new Microsoft.AspNetCore.Http.BadHttpRequestException($"Failed to read the form: {e.Message}", StatusCodes.Status400BadRequest);
        }
    }

    /// <summary>Waits for a turn, which the request holds until its answer starts (or it ends without one).</summary>
    /// <param name="size">The body's size, or the most it may be.</param>
    private async Task WaitForTurn(HttpContext context, long size)
    {
        if (!await _turns.WaitAsync(LargeBodyWait, context.RequestAborted)) throw new BodyWaitException(LargeBodyWait);
        var turn = new Turn(_turns, collect: size > Limits.MaxSmallBodyBytes);
        context.Response.OnStarting(() =>
        {
            turn.Dispose();
            return Task.CompletedTask;
        });
        context.Response.RegisterForDispose(turn);
    }

    private sealed class Turn(SemaphoreSlim turns, bool collect) : IDisposable
    {
        private int _ended;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _ended, 1) != 0) return;
            turns.Release();
            // A rare event (a body of megabytes): a full collection now keeps the next ones from piling
            // garbage on top of it, off the request's path.
            if (collect) ThreadPool.UnsafeQueueUserWorkItem(static _ => GC.Collect(), null);
        }
    }
}

/// <summary>A large body that waited longer than its turn allows (answer 503: the server is busy, retry).</summary>
internal sealed class BodyWaitException(TimeSpan waited)
    : Exception($"Too many large request bodies are being received at once; this one waited {waited.TotalSeconds:0}s. Retry later");
