namespace Mesos.Host.Marathon.Api;

/// <summary>What /v2/info and /v2/leader tell of this Marathon: its name, its address and the masters it uses.</summary>
public sealed record MarathonInfo(string FrameworkName, string Leader, string Master);
