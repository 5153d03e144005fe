using System.Text;
using Mesos.Host.Chronos.Jobs;
using Mesos.Host.Chronos.Schedules;
using NodaTime;

namespace Mesos.Host.Tests.Chronos;

public sealed class JobDefinitionTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 6, 1, 12, 0);

    private static JobDefinition Read(string json) => JobJson.Read(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void A_job_gets_Chronos_defaults()
    {
        var job = Read("""{"name":"nightly","command":"echo hi","schedule":"R/2026-06-02T00:00:00Z/P1D"}""");

        job.Should().BeEquivalentTo(new JobDefinition
        {
            Name = "nightly", Command = "echo hi", Schedule = "R/2026-06-02T00:00:00Z/P1D",
            Shell = true, Retries = 2, Cpus = 0.1, Mem = 128, Disk = 256, Epsilon = "PT5M",
        });
        JobValidator.Validate(job, JobValidator.Kind.Scheduled, Now).Should().BeOfType<RepeatingInterval>();
    }

    [Fact]
    public void Numbers_may_come_as_strings_as_in_Chronos_docker_example()
    {
        Read("""{"name":"d","command":"x","cpus":"0.5","mem":"512","schedule":"R//PT1M"}""").Should().Match<JobDefinition>(j => j.Cpus == 0.5 && j.Mem == 512);
    }

    [Fact]
    public void A_cron_job_is_a_scheduled_job()
    {
        var job = Read("""{"name":"c","command":"x","cron":"0 3 * * *","scheduleTimeZone":"Europe/Berlin"}""");

        JobValidator.Validate(job, JobValidator.Kind.Scheduled, Now).Should().BeOfType<CronSchedule>();
    }

    [Theory]
    [InlineData("""{"name":"a b","command":"x","schedule":"R//PT1M"}""", "'name' must be")]
    [InlineData("""{"name":"a","schedule":"R//PT1M"}""", "'command' is required")]
    [InlineData("""{"name":"a","command":"x"}""", "exactly one of 'schedule'")]
    [InlineData("""{"name":"a","command":"x","schedule":"R//PT1M","cron":"* * * * *"}""", "exactly one of 'schedule'")]
    [InlineData("""{"name":"a","command":"x","schedule":"R//PT1M","parents":["b"]}""", "not 'parents'")]
    [InlineData("""{"name":"a","command":"x","schedule":"R//PT1M","cpus":0}""", "'cpus' must be more than 0")]
    [InlineData("""{"name":"a","command":"x","schedule":"R//PT1M","mem":-1}""", "'mem' must be more than 0")]
    [InlineData("""{"name":"a","command":"x","schedule":"R//PT1M","epsilon":"soon"}""", "'epsilon' must be an ISO 8601 duration")]
    [InlineData("""{"name":"a","command":"x","schedule":"R//PT1M","retries":-1}""", "'retries' must be between")]
    [InlineData("""{"name":"a","command":"x","schedule":"R//PT1M","container":{"type":"DOCKER"}}""", "'container.image' is required")]
    [InlineData("""{"name":"a","command":"x","schedule":"R//PT1M","constraints":[["rack","LIKE","["]]}""", "is not a regular expression")]
    [InlineData("""{"name":"a","command":"x","schedule":"R//PT1M","constraints":[["rack","NEAR","a"]]}""", "must be EQUALS, LIKE or UNLIKE")]
    [InlineData("""{"name":"a","command":"x","schedule":"R//PT1M","scheduleTimeZone":"Nowhere/City"}""", "not a tz database name")]
    public void Invalid_jobs_are_refused_with_what_is_wrong(string json, string reason)
    {
        var validate = () => JobValidator.Validate(Read(json), JobValidator.Kind.Scheduled, Now);

        validate.Should().Throw<JobRefusedException>().WithMessage($"*{reason}*");
    }

    [Theory]
    [InlineData("""[1]""", "must be a JSON object")]
    [InlineData("""{"name":"a",""", "not JSON")]
    [InlineData("""{"name":1,"command":"x"}""", "'name' must be a string")]
    [InlineData("""{"name":"a","command":"x","cpus":"lots"}""", "'cpus' must be a finite number")]
    [InlineData("""{"name":"a","command":"x","cpus":1e999}""", "'cpus' must be a finite number")]
    [InlineData("""{"name":"a","command":"x","parents":"b"}""", "'parents' must be a list of strings")]
    public void Malformed_bodies_are_refused_with_what_is_wrong(string json, string reason)
    {
        var read = () => Read(json);

        read.Should().Throw<JobRefusedException>().WithMessage($"*{reason}*");
    }

    [Fact]
    public void A_dependent_job_needs_parents_and_no_schedule()
    {
        var noParents = () => JobValidator.Validate(Read("""{"name":"a","command":"x"}"""), JobValidator.Kind.Dependent, Now);
        var scheduled = () => JobValidator.Validate(Read("""{"name":"a","command":"x","parents":["b"],"schedule":"R//PT1M"}"""), JobValidator.Kind.Dependent, Now);

        noParents.Should().Throw<JobRefusedException>().WithMessage("*needs 'parents'*");
        scheduled.Should().Throw<JobRefusedException>().WithMessage("*not 'schedule' or 'cron'*");
    }
}
