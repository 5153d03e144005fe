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
