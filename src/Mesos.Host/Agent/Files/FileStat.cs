namespace Mesos.Host.Agent.Files;

/// <summary>What stat tells of a file, as Mesos' file listings show it.</summary>
/// <param name="Mode">st_mode: the type bits and the permissions.</param>
internal sealed record FileStat(uint Mode, uint Links, uint Uid, uint Gid, long Size, long ModifiedSeconds, uint ModifiedNanoseconds)
{
    private const uint TypeMask = 0xF000;
    private const uint Directory = 0x4000;
    private const uint Regular = 0x8000;
    private const uint Symlink = 0xA000;

    public bool IsDirectory => (Mode & TypeMask) == Directory;

    public bool IsRegularFile => (Mode & TypeMask) == Regular;

    public bool IsSymlink => (Mode & TypeMask) == Symlink;

    /// <summary>The mode as <c>ls -l</c> writes it (<c>drwxr-xr-x</c>), which Mesos' /files/browse answers.</summary>
    public string ModeText()
    {
        var type = (Mode & TypeMask) switch
        {
            Directory => 'd',
            Regular => '-',
            Symlink => 'l',
            0x2000 => 'c',
            0x6000 => 'b',
            0x1000 => 'p',
            0xC000 => 's',
            _ => '?',
        };
        Span<char> text = [type, 'r', 'w', 'x', 'r', 'w', 'x', 'r', 'w', 'x'];
        for (var bit = 0; bit < 9; bit++)
        {
            if ((Mode & (1u << (8 - bit))) == 0) text[bit + 1] = '-';
        }
        Special(text, 3, 0x800, 's');
        Special(text, 6, 0x400, 's');
        Special(text, 9, 0x200, 't');
        return new string(text);
    }

    /// <summary>setuid, setgid and sticky replace the execute letter: lower case when executable, upper case when not.</summary>
    private void Special(Span<char> text, int position, uint bit, char letter)
    {
        if ((Mode & bit) == 0) return;
        text[position] = text[position] == 'x' ? letter : char.ToUpperInvariant(letter);
    }
}
