using Mesos.Actors.Master.Offers;
using Mesos.Actors.Master.State;
using Mesos.Actors.Master.Tasks;

namespace Mesos.Actors.Master.Planning;

/// <summary>
/// The master's state as the planner reads it, as Nomad's scheduler reads its state store: the
/// outstanding offers, the tasks tracked, and the agents by id. Planning never changes any of it.
/// </summary>
internal sealed record PlanningState(OfferBook Offers, TaskBook Tasks, Func<string, IReadOnlyAgent> Agent);
