using System.Text;
using Microsoft.AspNetCore.Http;

namespace Mesos.Host.Http;

/// <summary>
/// <c>?jsonp=callback</c> on a GET wraps a JSON answer as <c>callback(...)</c>, which the stock
/// Mesos web UI relies on. The answer streams through as it is written: a file download or any
/// other answer that is not JSON passes unchanged and is never held in memory.
/// </summary>
internal sealed class Jsonp(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsGet(context.Request.Method) || context.Request.Query["jsonp"] is not [{ } callback])
        {
            await next(context);
            return;
        }
        if (!IsIdentifier(callback))
        {
            await HttpAnswers.Text(context, StatusCodes.Status400BadRequest, "The 'jsonp' parameter must be a JavaScript identifier");
            return;
        }

        var original = context.Response.Body;
        var wrapping = new WrappingStream(context.Response, original, callback);
        context.Response.Body = wrapping;
        try
        {
            await next(context);
            await wrapping.FinishAsync(context.RequestAborted);
        }
        finally
        {
            context.Response.Body = original;
        }
    }

    private static bool IsIdentifier(string name) =>
        name.Length is > 0 and <= 128 && !char.IsAsciiDigit(name[0]) &&
        name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '$' or '.');

    /// <summary>
    /// Decides at the first write or flush, while the headers can still change, whether the answer is JSON to
    /// wrap; nothing is written for an answer without a body, so an error keeps its own message.
    /// </summary>
    private sealed class WrappingStream(HttpResponse response, Stream inner, string callback) : Stream
    {
        private static readonly byte[] Suffix = ");"u8.ToArray();
        private readonly byte[] _prefix = Encoding.UTF8.GetBytes(callback + "(");
        private bool _started;
        private bool _wrapped;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!_started) await StartAsync(cancellationToken);
            await inner.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count) =>
            WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override async Task FlushAsync(CancellationToken cancellationToken)
        {
            if (!_started) await StartAsync(cancellationToken);
            await inner.FlushAsync(cancellationToken);
        }

        public override void Flush() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();

        public async Task FinishAsync(CancellationToken cancellationToken)
        {
            if (_wrapped) await inner.WriteAsync(Suffix, cancellationToken);
        }

        private async Task StartAsync(CancellationToken cancellationToken)
        {
            _started = true;
            if (response.HasStarted || response.ContentType?.StartsWith("application/json", StringComparison.Ordinal) != true) return;
            _wrapped = true;
            response.ContentType = "text/javascript";
            if (response.ContentLength is { } length) response.ContentLength = length + _prefix.Length + Suffix.Length;
            await inner.WriteAsync(_prefix, cancellationToken);
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
