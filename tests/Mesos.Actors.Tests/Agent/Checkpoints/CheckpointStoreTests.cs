using Mesos.Actors.Agent.Checkpoints;
using Mesos.V1;

namespace Mesos.Actors.Tests.Agent.Checkpoints;

public sealed class CheckpointStoreTests : IDisposable
{
    private readonly string _meta = Path.Combine(Path.GetTempPath(), "mesos-meta-" + Guid.NewGuid().ToString("N"), "meta");
    private readonly CheckpointStore _store;

    public CheckpointStoreTests() => _store = new CheckpointStore(_meta);

    public void Dispose()
    {
        var root = Path.GetDirectoryName(_meta)!;
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
    }

    private static readonly string Path1 = CheckpointPaths.AgentInfo("a1-S0");

    private static AgentInfo Info(string hostname) => new() { Id = new AgentID { Value = "a1-S0" }, Hostname = hostname, Port = 5051 };

    private string File1 => Path.Combine(_meta, Path1);

    [Fact]
    public void A_checkpoint_reads_back_as_written_and_a_new_one_replaces_it_whole()
    {
        _store.Write(Path1, Info("first"));
        _store.Read(Path1, AgentInfo.Parser).Should().Be(Info("first"));

        _store.Write(Path1, Info("second"));
        _store.Read(Path1, AgentInfo.Parser).Should().Be(Info("second"));
        Directory.GetFiles(Path.GetDirectoryName(File1)!).Should().Equal(File1);
    }

    [Fact]
    public void A_checkpoint_never_written_is_null() => _store.Read(Path1, AgentInfo.Parser).Should().BeNull();

    [Fact]
    public void An_empty_checkpoint_is_reported_and_never_read_as_empty_state()
    {
        _store.Write(Path1, Info("host"));
        File.WriteAllBytes(File1, []);

        var read = () => _store.Read(Path1, AgentInfo.Parser);

        read.Should().Throw<CorruptCheckpointException>().WithMessage($"Checkpoint {File1} is corrupt: the file is empty");
    }

    [Theory]
    [InlineData(10)]
    [InlineData(41)]
    [InlineData(-1)]
    public void A_torn_checkpoint_is_reported(int keep)
    {
        _store.Write(Path1, Info("a-host-name-long-enough-to-tear"));
        var bytes = File.ReadAllBytes(File1);
        File.WriteAllBytes(File1, bytes[..(keep < 0 ? bytes.Length + keep : keep)]);

        var read = () => _store.Read(Path1, AgentInfo.Parser);

        read.Should().Throw<CorruptCheckpointException>().WithMessage("*torn*");
    }

    [Fact]
    public void A_checkpoint_whose_bytes_changed_is_reported()
    {
        _store.Write(Path1, Info("host"));
        var bytes = File.ReadAllBytes(File1);
        bytes[^2] ^= 0x20;
        File.WriteAllBytes(File1, bytes);

        var read = () => _store.Read(Path1, AgentInfo.Parser);

        read.Should().Throw<CorruptCheckpointException>().WithMessage("*checksum*");
    }

    [Fact]
    public void A_write_cut_short_before_its_rename_leaves_the_previous_checkpoint()
    {
        _store.Write(Path1, Info("previous"));
        // What a crash in the middle of the next write leaves: part of its temporary file.
        File.WriteAllBytes(File1 + ".tmp", [0x4d, 0x43]);

        _store.Read(Path1, AgentInfo.Parser).Should().Be(Info("previous"));
        _store.Write(Path1, Info("next"));
        _store.Read(Path1, AgentInfo.Parser).Should().Be(Info("next"));
        File.Exists(File1 + ".tmp").Should().BeFalse();
    }

    [Fact]
    public void Deleting_a_directory_of_checkpoints_removes_everything_under_it()
    {
        var framework = CheckpointPaths.FrameworkInfo("a1-S0", "f1");
        _store.Write(framework, new FrameworkInfo { Name = "f", User = "root" });

        _store.Delete(CheckpointPaths.Framework("a1-S0", "f1"));

        _store.Read(framework, FrameworkInfo.Parser).Should().BeNull();
        Directory.Exists(Path.Combine(_meta, CheckpointPaths.Framework("a1-S0", "f1"))).Should().BeFalse();
    }

    [Theory]
    [InlineData("../outside")]
    [InlineData("slaves/../../outside")]
    [InlineData("/etc/passwd")]
    public void A_path_that_leaves_the_meta_dir_is_refused(string path)
    {
        var write = () => _store.Write(path, Info("host"));
        write.Should().Throw<ArgumentException>();
    }

    [Theory]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("")]
    [InlineData("a\0b")]
    public void An_id_that_is_not_one_plain_path_segment_is_refused(string id)
    {
        var path = () => CheckpointPaths.TaskUpdates("a1-S0", "f1", "e1", "c1", id);
        path.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void The_layout_is_Mesos_agent_s() =>
        CheckpointPaths.TaskUpdates("S0", "F1", "E1", "C1", "T1").Should().Be("slaves/S0/frameworks/F1/executors/E1/runs/C1/tasks/T1/task.updates");
}
