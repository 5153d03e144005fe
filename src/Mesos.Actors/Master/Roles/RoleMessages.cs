using Mesos.V1;
using Mesos.V1.Quota;

namespace Mesos.Actors.Master.Roles;

/// <summary>UPDATE_WEIGHTS (or PUT /master/weights): CallAccepted, or CallRefused with why when any entry is invalid.</summary>
public sealed record UpdateWeights(IReadOnlyList<WeightInfo> Weights);

/// <summary>
/// UPDATE_QUOTA: CallAccepted, or CallRefused when any config is invalid. A config with neither
/// guarantees nor limits removes the role's quota. Unless <paramref name="Force"/>, the guarantees
/// must fit in what the registered agents hold.
/// </summary>
public sealed record UpdateQuota(IReadOnlyList<QuotaConfig> Configs, bool Force);

/// <summary>
/// SET_QUOTA (or POST /master/quota), as Mesos 1.9+ keeps it: the role's guarantees, and its limits
/// at the same amounts. Refused when the role already has quota; otherwise answered as UpdateQuota.
/// </summary>
public sealed record SetQuota(QuotaRequest Request);

/// <summary>REMOVE_QUOTA (or DELETE /master/quota/ROLE): refused when the role has no quota.</summary>
public sealed record RemoveQuota(string Role);
