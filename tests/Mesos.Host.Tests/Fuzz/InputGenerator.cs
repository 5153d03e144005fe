using System.Text;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Mesos.Actors.Protocol.Json;
using Mesos.V1;
using OperatorCall = Mesos.V1.Master.Call;
using SchedulerCall = Mesos.V1.Scheduler.Call;

namespace Mesos.Host.Tests.Fuzz;

/// <summary>
/// Makes input number <c>i</c> of a run from the seed alone (plus the ids live at the time), so that a run
/// replays from its seed and one input from its number. Inputs that may change weights or quota are made
/// only for the lane that checks them.
/// </summary>
internal sealed class InputGenerator(int seed)
{
    /// <summary>The v1 APIs, each with the type of its calls.</summary>
    public static readonly (Endpoint Endpoint, MessageDescriptor Call)[] Apis =
    [
        (Endpoint.All.Single(e => e.Kind == "scheduler"), SchedulerCall.Descriptor),
        (Endpoint.All.Single(e => e.Kind == "agent-api"), Mesos.Internal.AgentCall.Descriptor),
        (Endpoint.All.First(e => e.Kind == "operator"), OperatorCall.Descriptor),
        (Endpoint.All.Single(e => e.Kind == "agent-operator"), Mesos.V1.Agent.Call.Descriptor),
        (Endpoint.All.Single(e => e.Kind == "executor"), Mesos.V1.Executor.Call.Descriptor),
    ];

    private static readonly HashSet<string> RoleCalls = ["UPDATE_WEIGHTS", "UPDATE_QUOTA", "SET_QUOTA", "REMOVE_QUOTA"];

    public FuzzInput Make(int index, LiveIds live, bool rolesLane)
    {
        var random = new Random(unchecked(seed * 1_000_003 + index));
        var category = random.Next(100);
        return category switch
        {
            < 42 => V1Call(index, random, live, rolesLane),
            < 54 => Launch(index, random, live) ?? V1Call(index, random, live, rolesLane),
            < 66 => V0Get(index, random),
            < 74 when rolesLane => Roles(index, random, live),
            < 74 => V1Call(index, random, live, rolesLane),
            < 81 => Form(index, random, live),
            < 92 => BadPath(index, random),
            _ => RawHttp.Make(index, random),
        };
    }

    /// <summary>A call of one of the v1 APIs, of any of its types, encoded and maybe broken.</summary>
    private static FuzzInput V1Call(int index, Random random, LiveIds live, bool rolesLane)
    {
        var (endpoint, descriptor) = Apis[random.Next(Apis.Length)];
        // The operator API answers at /api/v1/operator too, as pymesos calls it.
        if (endpoint.Kind == "operator" && random.Next(2) == 0) endpoint = Endpoint.All.Last(e => e.Kind == "operator");
        var types = descriptor.FindFieldByName("type").EnumType.Values
            .Where(t => rolesLane || descriptor != OperatorCall.Descriptor || !RoleCalls.Contains(t.Name)).ToList();
        var type = types[random.Next(types.Count)];
        // The fuzzer's own framework stays for the whole run (the run checks that nothing takes it away), so
        // no call that ends it or changes what it is names it.
        var ids = type.Name is "TEARDOWN" or "SUBSCRIBE" or "UPDATE_FRAMEWORK" ? live with { FrameworkId = "" } : live;
        var call = new MessageFuzzer(random, ids).Call(descriptor, type);
        var (body, contentType) = BodyMutations.Encode(call, random);
        var headers = new List<KeyValuePair<string, string>>();
        if (BodyMutations.Accept(random) is { } accept) headers.Add(new("Accept", accept));
        if (endpoint.Kind is "scheduler" or "agent-api")
        {
            var streamId = random.Next(10) switch
            {
                < 6 when endpoint.Kind == "scheduler" => live.StreamId,
                < 8 => null,
                8 => Guid.NewGuid().ToString(),
                _ => new string('s', random.Next(1, 300)),
            };
            if (streamId is not null) headers.Add(new("Mesos-Stream-Id", streamId));
        }
        return new FuzzInput(index, $"{endpoint.Kind} {type.Name}", endpoint.Target, "POST", Prefixed(endpoint, random), body, contentType, headers)
        {
            Endpoint = endpoint,
            ChangesRoles = rolesLane && descriptor == OperatorCall.Descriptor && RoleCalls.Contains(type.Name),
        };
    }

    /// <summary>
    /// An ACCEPT of offers the fuzzer's framework holds, launching tasks that mostly fit and sometimes do
    /// not: more than the offer, an offer named twice, tasks on another agent, hostile commands and ids.
    /// </summary>
    private static FuzzInput? Launch(int index, Random random, LiveIds live)
    {
        if (live.Offers.Count == 0 || live.StreamId is null) return null;
        var offer = live.Offers[random.Next(live.Offers.Count)];
        var offerIds = new List<OfferID> { offer.Id };
        if (random.Next(8) == 0) offerIds.Add(offer.Id);
        if (random.Next(8) == 0 && live.Offers.Count > 1) offerIds.Add(live.Offers[random.Next(live.Offers.Count)].Id);
        var accept = new SchedulerCall.Types.Accept { OfferIds = { offerIds } };
        for (var i = random.Next(1, 4); i > 0; i--)
        {
            var share = random.Next(6) switch { 0 => 1.0, 1 => 1.5, 2 => 3.0, _ => 0.1 * random.Next(1, 5) };
            var tasks = Enumerable.Range(0, random.Next(1, 4)).Select(k => Task(index, k + i * 10, random, offer, share)).ToList();
            accept.Operations.Add(random.Next(5) switch
            {
                0 => new Offer.Types.Operation
                {
                    Type = Offer.Types.Operation.Types.Type.LaunchGroup,
                    LaunchGroup = new()
                    {
                        Executor = new ExecutorInfo
                        {
                            Type = ExecutorInfo.Types.Type.Default,
                            ExecutorId = new ExecutorID { Value = $"fuzz-executor-{index}" },
                            Resources = { Resources.Within(offer, random, 0.05) },
                        },
                        TaskGroup = new TaskGroupInfo { Tasks = { tasks.Select(t => { t.AgentId = offer.AgentId; return t; }) } },
                    },
                },
                1 => new Offer.Types.Operation
                {
                    Type = random.Next(2) == 0 ? Offer.Types.Operation.Types.Type.Reserve : Offer.Types.Operation.Types.Type.Unreserve,
                    Reserve = new() { Resources = { Enumerable.Range(0, random.Next(1, 3)).Select(_ => Resources.Plausible(random)) } },
                    Unreserve = new() { Resources = { Enumerable.Range(0, random.Next(1, 3)).Select(_ => Resources.Plausible(random)) } },
                },
                _ => new Offer.Types.Operation { Type = Offer.Types.Operation.Types.Type.Launch, Launch = new() { TaskInfos = { tasks } } },
            });
        }
        if (random.Next(4) == 0) accept.Filters = new Filters { RefuseSeconds = HostileValues.Double(random) };
        var call = new SchedulerCall { Type = SchedulerCall.Types.Type.Accept, FrameworkId = new FrameworkID { Value = live.FrameworkId }, Accept = accept };
        var json = random.Next(2) == 0;
        var body = json ? Encoding.UTF8.GetBytes(MesosJson.Serialize(call)) : call.ToByteArray();
        var endpoint = Apis[0].Endpoint;
        return new FuzzInput(index, "scheduler ACCEPT of a live offer", Target.Master, "POST", endpoint.Path, body,
            json ? "application/json" : "application/x-protobuf", [new("Mesos-Stream-Id", live.StreamId)]) { Endpoint = endpoint };
    }

    private static TaskInfo Task(int index, int k, Random random, Offer offer, double share)
    {
        var id = random.Next(10) == 0 ? HostileValues.String(random) : $"fuzz-{index}-{k}";
        var task = new TaskInfo
        {
            Name = id,
            TaskId = new TaskID { Value = id },
            AgentId = random.Next(12) == 0 ? new AgentID { Value = HostileValues.String(random) } : offer.AgentId,
            Resources = { random.Next(6) == 0 ? Enumerable.Range(0, random.Next(1, 4)).Select(_ => Resources.Plausible(random)) : Resources.Within(offer, random, share) },
            Command = new CommandInfo
            {
                Value = random.Next(5) switch
                {
                    0 => "exit 3",
                    1 => "sleep 30",
                    2 => HostileValues.String(random),
                    _ => "sleep 1",
                },
            },
        };
        if (random.Next(8) == 0) task.Data = ByteString.CopyFrom(HostileValues.Bytes(random));
        if (random.Next(10) == 0) task.Command.Environment = new Mesos.V1.Environment { Variables = { new Mesos.V1.Environment.Types.Variable { Name = HostileValues.String(random), Value = HostileValues.String(random) } } };
        return task;
    }

    /// <summary>A v0 GET endpoint, with query strings (jsonp among them) that may be hostile.</summary>
    private static FuzzInput V0Get(int index, Random random)
    {
        var gets = Endpoint.All.Where(e => e.Method == "GET").ToList();
        var endpoint = gets[random.Next(gets.Count)];
        var path = Prefixed(endpoint, random);
        if (endpoint.Path == "/redirect" && random.Next(2) == 0) path += "/" + HostileValues.PathSegment(random);
        path += random.Next(8) switch
        {
            0 => "?jsonp=cb",
            1 => "?jsonp=" + Uri.EscapeDataString(HostileValues.String(random)),
            2 => "?jsonp=a&jsonp=b",
            3 => "?" + HostileValues.PathSegment(random) + "=" + HostileValues.PathSegment(random),
            4 => "?jsonp=%zz",
            _ => "",
        };
        var method = random.Next(10) == 0 ? "HEAD" : "GET";
        var body = random.Next(10) == 0 ? HostileValues.Bytes(random) : [];
        return new FuzzInput(index, $"v0 {method} {endpoint.Path}", endpoint.Target, method, path, body, body.Length > 0 ? "application/json" : null, []) { Endpoint = endpoint };
    }

    /// <summary>What changes weights or quota: v1 calls and the v0 endpoints, valid and not.</summary>
    private static FuzzInput Roles(int index, Random random, LiveIds live)
    {
        var roleEndpoints = Endpoint.All.Where(e => e.Kind == "roles").ToList();
        if (random.Next(3) == 0)
        {
            var operatorApi = Apis[2];
            var type = OperatorCall.Descriptor.FindFieldByName("type").EnumType.Values.Where(v => RoleCalls.Contains(v.Name)).ToList();
            var chosen = type[random.Next(type.Count)];
            var call = new MessageFuzzer(random, live).Call(OperatorCall.Descriptor, chosen);
            var (body, contentType) = BodyMutations.Encode(call, random);
            return new FuzzInput(index, $"operator {chosen.Name}", Target.Master, "POST", Prefixed(operatorApi.Endpoint, random), body, contentType, [])
            {
                Endpoint = operatorApi.Endpoint,
                ChangesRoles = true,
            };
        }
        var endpoint = roleEndpoints[random.Next(roleEndpoints.Count)];
        var fuzzer = new MessageFuzzer(random, live);
        string text = endpoint.Method switch
        {
            "PUT" => "[" + string.Join(',', Enumerable.Range(0, random.Next(0, 4)).Select(_ => MesosJson.Serialize(fuzzer.Message(WeightInfo.Descriptor, 1)))) + "]",
            "POST" => MesosJson.Serialize(fuzzer.Message(Mesos.V1.Quota.QuotaRequest.Descriptor, 1)),
            _ => "",
        };
        var bytes = random.Next(3) == 0 ? BodyMutations.MutateJson(text, random) : Encoding.UTF8.GetBytes(text);
        var path = Prefixed(endpoint, random) + (endpoint.Method == "DELETE" ? "/" + Uri.EscapeDataString(HostileValues.Role(random)) : "");
        return new FuzzInput(index, $"roles {endpoint.Method} {endpoint.Path}", Target.Master, endpoint.Method, path, bytes, BodyMutations.ContentType(random, json: true), [])
        {
            Endpoint = endpoint,
            ChangesRoles = true,
        };
    }

    /// <summary>A v0 form post: teardown, reserve or unreserve, with hostile fields and encodings.</summary>
    private static FuzzInput Form(int index, Random random, LiveIds live)
    {
        var forms = Endpoint.All.Where(e => e.Kind == "form").ToList();
        var endpoint = forms[random.Next(forms.Count)];
        var fuzzer = new MessageFuzzer(random, live);
        var fields = new List<(string, string)>();
        if (endpoint.Path == "/teardown")
        {
            // Never the fuzzer's own framework: it stays for the whole run.
            fields.Add(("frameworkId", HostileValues.String(random)));
        }
        else
        {
            var agent = live.AgentIds.Count > 0 && random.Next(2) == 0 ? live.AgentIds[random.Next(live.AgentIds.Count)] : HostileValues.String(random);
            fields.Add(("slaveId", agent));
            var resources = "[" + string.Join(',', Enumerable.Range(0, random.Next(0, 3)).Select(_ => MesosJson.Serialize(fuzzer.Message(Resource.Descriptor, 1)))) + "]";
            fields.Add(("resources", random.Next(4) == 0 ? resources[..random.Next(resources.Length + 1)] : resources));
        }
        var body = string.Join('&', fields.Select(f => $"{Encode(f.Item1, random)}={Encode(f.Item2, random)}"));
        if (random.Next(6) == 0) body += "&" + HostileValues.PathSegment(random);
        var contentType = random.Next(8) switch
        {
            0 => "application/json",
            1 => "application/x-www-form-urlencoded; charset=utf-16",
            2 => "multipart/form-data; boundary=x",
            _ => "application/x-www-form-urlencoded",
        };
        return new FuzzInput(index, $"form POST {endpoint.Path}", Target.Master, "POST", Prefixed(endpoint, random), Encoding.UTF8.GetBytes(body), contentType, []) { Endpoint = endpoint };
    }

    private static string Encode(string value, Random random) => random.Next(6) == 0 ? value : Uri.EscapeDataString(value);

    /// <summary>Paths and methods no endpoint takes: bad percent-encoding, dot segments, other processes' names, wrong methods.</summary>
    private static FuzzInput BadPath(int index, Random random)
    {
        var endpoint = Endpoint.All[random.Next(Endpoint.All.Length)];
        var path = random.Next(6) switch
        {
            0 => endpoint.Path + "/" + HostileValues.PathSegment(random),
            1 => "/" + HostileValues.PathSegment(random) + endpoint.Path,
            2 => endpoint.Path.Replace("/", random.Next(2) == 0 ? "//" : "/./", StringComparison.Ordinal),
            3 => "/master/../slave(1)" + endpoint.Path,
            4 => endpoint.Path.Replace("v1", "%76%31", StringComparison.Ordinal),
            _ => string.Concat(Enumerable.Range(0, random.Next(1, 5)).Select(_ => "/" + HostileValues.PathSegment(random))),
        };
        string[] methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "FOO"];
        var method = random.Next(2) == 0 ? endpoint.Method : methods[random.Next(methods.Length)];
        var body = method is "GET" or "HEAD" ? [] : Encoding.UTF8.GetBytes("{\"type\":\"GET_HEALTH\"}");
        return new FuzzInput(index, $"path {method} {endpoint.Path}", endpoint.Target, method, path, body, body.Length > 0 ? "application/json" : null, []);
    }

    /// <summary>The endpoint's path, sometimes under its process's libprocess name as Mesos' own clients send it.</summary>
    private static string Prefixed(Endpoint endpoint, Random random) =>
        random.Next(4) == 0 ? (endpoint.Target == Target.Master ? "/master" : "/slave(1)") + endpoint.Path : endpoint.Path;
}
