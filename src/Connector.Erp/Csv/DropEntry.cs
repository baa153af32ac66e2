using System.Runtime.InteropServices;

namespace Connector.Erp.Csv;

/// <summary>
/// What an entry of the drop folder is, found without opening it: opening a named pipe blocks until some writer opens
/// it too (forever, in a folder nobody writes pipes to on purpose), so only a regular file (or a link to one) is ever
/// opened. .NET reports pipes, sockets and devices as plain files, so on Linux the entry's type comes from
/// <c>statx(2)</c>, which follows links and whose record has one layout on every architecture.
/// </summary>
internal static partial class DropEntry
{
    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;
    private const int ModeOffset = 28;
    private const int StatxBufferBytes = 256;

    // errno values (Linux, every architecture .NET runs on)
    private const int NoEntry = 2;
    private const int AccessDenied = 13;
    private const int TooManyLinks = 40;

    /// <summary>What <paramref name="path"/> is; <paramref name="why"/> says what is wrong with it (<c>a named pipe (FIFO)</c>, <c>a symbolic link that loops</c>) unless it is a regular file.</summary>
    public static EntryKind Inspect(string path, out string? why)
    {
        why = null;
        var info = new FileInfo(path);
        if (OperatingSystem.IsLinux())
        {
            try
            {
                return InspectLinux(path, info, out why);
            }
            catch (EntryPointNotFoundException)
            {
                // A C library older than statx (glibc 2.28): only links can be told apart.
            }
        }

        // Windows has no pipes or devices among a folder's files; a link whose target is gone is the one thing to catch.
        if (info.LinkTarget is { } target && info.ResolveLinkTarget(returnFinalTarget: true) is not { Exists: true })
        {
            why = $"a symbolic link to '{target}', which does not exist";
            return EntryKind.Unreadable;
        }

        return EntryKind.Regular;
    }

    private static EntryKind InspectLinux(string path, FileInfo info, out string? why)
    {
        why = null;
        Span<byte> buffer = stackalloc byte[StatxBufferBytes];
        if (Statx(AtFdCwd, path, 0, StatxType, ref MemoryMarshal.GetReference(buffer)) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            why = errno switch
            {
                TooManyLinks => "a symbolic link that loops (it leads back to itself)",
                NoEntry when info.LinkTarget is { } target => $"a symbolic link to '{target}', which does not exist",
                NoEntry => "it disappeared while the folder was read",
                AccessDenied => "permission denied (the connector's user may not read it)",
                _ => Marshal.GetPInvokeErrorMessage(errno),
            };
            return EntryKind.Unreadable;
        }

        var type = BitConverter.ToUInt16(buffer[ModeOffset..]) & 0xF000;
        why = type switch
        {
            0x8000 => null,
            0x1000 => "a named pipe (FIFO)",
            0xC000 => "a socket",
            0x2000 => "a character device",
            0x6000 => "a block device",
            0x4000 => "a folder",
            _ => "not a regular file",
        };
        return why is null ? EntryKind.Regular : EntryKind.NotAFile;
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial int Statx(int directory, string path, int flags, uint mask, ref byte buffer);
}

/// <summary>What <see cref="DropEntry.Inspect"/> found.</summary>
internal enum EntryKind
{
    /// <summary>A regular file (or a link to one): read it.</summary>
    Regular,

    /// <summary>A pipe, socket, device or folder: never opened, skipped with a warning.</summary>
    NotAFile,

    /// <summary>An entry that cannot be read at all (a dangling or looping link, no permission): a file-level dead letter.</summary>
    Unreadable,
}
