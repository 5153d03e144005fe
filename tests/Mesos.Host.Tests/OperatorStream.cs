using System.Net.Http.Headers;
using System.Text;
using Mesos.Actors.Protocol.Json;
using Mesos.V1.Master;

namespace Mesos.Host.Tests;

/// <summary>An operator's SUBSCRIBE on a real master, read as a foreign client would, in the format asked for.</summary>
internal sealed class OperatorStream : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly HttpResponseMessage _response;
    private readonly EventInbox<Event> _events;

    private OperatorStream(HttpClient http, HttpResponseMessage response, EventInbox<Event> events)
    {
        _http = http;
        _response = response;
        _events = events;
    }

    public HttpResponseMessage Response => _response;

    public static async Task<OperatorStream> Subscribe(string url, string accept = "application/json")
    {
        var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent("""{"type":"SUBSCRIBE"}""", Encoding.UTF8, "application/json") };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        var protobuf = response.Content.Headers.ContentType?.MediaType == "application/x-protobuf";
        var events = new EventInbox<Event>(await response.Content.ReadAsStreamAsync(),
            record => protobuf ? Event.Parser.ParseFrom(record) : MesosJson.Parse<Event>(record));
        return new OperatorStream(http, response, events);
    }

    /// <inheritdoc cref="EventInbox{T}.Next"/>
    public Task<Event> Next(Func<Event, bool> match, TimeSpan? timeout = null) => _events.Next(match, timeout);

    public Task<Event> Next(Event.Types.Type type, TimeSpan? timeout = null) => _events.Next(e => e.Type == type, timeout);

    public async ValueTask DisposeAsync()
    {
        await _events.DisposeAsync();
        _response.Dispose();
        _http.Dispose();
    }
}
