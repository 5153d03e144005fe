using System.Net.Http.Headers;
using Google.Protobuf;
using Mesos.Actors.Protocol;
using Mesos.Actors.Protocol.RecordIO;
using Mesos.V1.Executor;

namespace Mesos.Actors.Framework;

/// <summary>The HTTP side of an executor: the SUBSCRIBE stream of its agent's executor API, and calls posted to it (protobuf).</summary>
internal sealed class ExecutorConnection(string agentEndpoint) : IDisposable
{
    private const int MaxEventBytes = 16 << 20;

    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private readonly Uri _url = new($"http://{agentEndpoint}/api/v1/executor");

    /// <summary>Subscribes and yields the stream's events until the agent closes it.</summary>
    /// <exception cref="HttpRequestException">The agent could not be reached or refused the subscription.</exception>
    public async IAsyncEnumerable<Event> SubscribeAsync(Call subscribe, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var request = Request(subscribe);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await EnsureAccepted(subscribe, response, cancellationToken).ConfigureAwait(false);
        var reader = new RecordIOReader(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), MaxEventBytes);
        await foreach (var record in reader.ReadAllAsync(cancellationToken).ConfigureAwait(false)) yield return Event.Parser.ParseFrom(record);
    }

    /// <exception cref="HttpRequestException">The agent could not be reached or refused the call.</exception>
    public async Task PostAsync(Call call, CancellationToken cancellationToken)
    {
        using var request = Request(call);
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        await EnsureAccepted(call, response, cancellationToken).ConfigureAwait(false);
    }

    private HttpRequestMessage Request(Call call)
    {
        var content = new ByteArrayContent(call.ToByteArray());
        content.Headers.ContentType = new MediaTypeHeaderValue(ProtocolCodec.ProtobufMediaType);
        var request = new HttpRequestMessage(HttpMethod.Post, _url) { Content = content };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(ProtocolCodec.ProtobufMediaType));
        return request;
    }

    private static async Task EnsureAccepted(Call call, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode) return;
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        throw new HttpRequestException($"The agent refused {call.Type}: {(int)response.StatusCode} {body}", null, response.StatusCode);
    }

    public void Dispose() => _http.Dispose();
}
