"""Kernel isolation for sandbox workers (Linux): namespaces, a private read-only filesystem, seccomp.

Used by `sandbox.py` only. The zygote calls `prepare()` once: it enters a user namespace of its own when
it is not root (so it may create the others), and works out which host paths a worker may read. Each forked
worker then calls `enter()`: new mount, PID, IPC and network namespaces; a root that holds only read-only
binds of the Python installation, our package and the system libraries, a fresh /proc, and a private tmpfs
at the scratch path. `lock()` runs right before env code is loaded: it copies the env file into the view,
drops every privilege (uid nobody when the server is root, no capabilities otherwise), and installs a
seccomp filter refusing new processes, exec, ptrace, mounts and non-local sockets.
No daemon and no setuid helper: everything is plain syscalls through ctypes.
"""

from __future__ import annotations

import ctypes
import os
import platform
import signal
import struct
import sys
import sysconfig
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_libc = ctypes.CDLL(None, use_errno=True)

CLONE_NEWNS, CLONE_NEWIPC, CLONE_NEWUSER = 0x00020000, 0x08000000, 0x10000000
CLONE_NEWPID, CLONE_NEWNET, CLONE_THREAD = 0x20000000, 0x40000000, 0x00010000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_NOATIME, MS_NODIRATIME, MS_BIND, MS_REC = 32, 1024, 2048, 4096, 16384
MS_PRIVATE, MS_RELATIME, MS_STRICTATIME = 1 << 18, 1 << 21, 1 << 24
MNT_DETACH = 2
NOBODY = 65534

# syscall numbers: pivot_root and capset have no portable libc wrapper; the rest feed the seccomp filter
_ARCH: dict[str, dict[str, Any]] = {
    "x86_64": dict(audit=0xC000003E, pivot_root=155, capset=126, fork=57, vfork=58, clone=56, clone3=435, execve=59,
                   execveat=322, socket=41, deny=[101, 310, 311, 165, 166, 155, 161, 272, 308, 321, 323, 248, 249, 250,
                                                  298, 246, 320, 175, 313, 176, 169, 167, 168, 425, 426, 427,
                                                  428, 429, 430, 431, 432, 433]),
    "aarch64": dict(audit=0xC00000B7, pivot_root=41, capset=91, fork=None, vfork=None, clone=220, clone3=435,
                    execve=221, execveat=281, socket=198, deny=[117, 270, 271, 40, 39, 41, 51, 97, 268, 280, 282, 217,
                                                                218, 219, 241, 104, 294, 105, 273, 106, 142, 224, 225,
                                                                425, 426, 427, 428, 429, 430, 431, 432, 433]),
}
# deny lists, in order: ptrace, process_vm_readv/writev, mount, umount2, pivot_root, chroot, unshare, setns, bpf,
# userfaultfd, add_key, request_key, keyctl, perf_event_open, kexec_load, kexec_file_load, init_module,
# finit_module, delete_module, reboot, swapon, swapoff, io_uring_*, open_tree, move_mount, fsopen, fsconfig,
# fsmount, fspick (the aarch64 list has the same calls under its own numbers)


def _check(ret: int, what: str) -> None:
    if ret != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


def _unshare(flags: int) -> None:
    _check(_libc.unshare(flags), "unshare")


def _mount(source: str | None, target: str, fstype: str | None, flags: int, data: str | None = None) -> None:
    _check(_libc.mount(source.encode() if source else None, target.encode(), fstype.encode() if fstype else None,
                       ctypes.c_ulong(flags), data.encode() if data else None), f"mount {target}")


def _syscall(name: str, *args: Any) -> None:
    _check(_libc.syscall(_ARCH[platform.machine()][name], *args), name)


def _write(path: str, text: str) -> None:
    fd = os.open(path, os.O_WRONLY)
    try:
        os.write(fd, text.encode())
    finally:
        os.close(fd)


@dataclass
class Jail:
    """What the zygote learned once: how to drop privileges, and the host paths a worker may read."""

    as_root: bool  # the server runs as root: workers become nobody (no user namespace needed)
    uid: int
    gid: int
    binds: list[str] = field(default_factory=list)
    links: dict[str, str] = field(default_factory=dict)  # top-level symlinks (/lib -> usr/lib) to recreate
    seccomp: bytes | None = None


def _readable_paths() -> tuple[list[str], dict[str, str]]:
    """Python's stdlib and site-packages, our package, and the system libraries C extensions link against."""
    import codegym_mcp

    wanted = {sysconfig.get_paths()[k] for k in ("stdlib", "platstdlib", "purelib", "platlib")}
    cwd = os.getcwd()
    wanted.update(p for p in sys.path if p and os.path.abspath(p) != cwd)
    wanted.add(str(Path(codegym_mcp.__file__).resolve().parent))
    files = [getattr(m, "__file__", None) for m in list(sys.modules.values())]
    wanted.update(os.path.dirname(f) for f in files if isinstance(f, str) and f.endswith(".so"))  # extensions elsewhere
    links = {}
    for top in ("/lib", "/lib64", "/lib32", "/libx32", "/usr/lib", "/usr/lib64", "/usr/lib32", "/etc/ld.so.cache"):
        if os.path.islink(top) and os.path.dirname(top) == "/":
            links[top] = os.readlink(top)
        elif os.path.exists(top):
            wanted.add(top)
    tmp = os.path.realpath(tempfile.gettempdir())  # scratch dirs live there: never bind it (or a parent) read-only
    paths = sorted({r for r in map(os.path.realpath, wanted) if os.path.exists(r) and not (tmp + os.sep).startswith(r + os.sep)})
    kept = [p for p in paths if not any(p.startswith(q + os.sep) for q in paths if q != p)]  # parents cover children
    return kept, links


def prepare() -> Jail:
    """In the zygote, once. Raises OSError where the kernel refuses (then the sandbox runs without isolation)."""
    if not sys.platform.startswith("linux"):
        raise OSError("kernel isolation needs Linux")
    binds, links = _readable_paths()
    uid, gid = os.geteuid(), os.getegid()
    as_root = uid == 0
    if not as_root:  # a user namespace of our own, mapping only our own ids: caps inside it, nothing outside
        _unshare(CLONE_NEWUSER)
        _write("/proc/self/setgroups", "deny")
        _write("/proc/self/uid_map", f"{uid} {uid} 1")
        _write("/proc/self/gid_map", f"{gid} {gid} 1")
    return Jail(as_root, NOBODY if as_root else uid, NOBODY if as_root else gid, binds, links, _seccomp_filter())


def _bind(source: str, target: str, *, device: bool = False) -> None:
    if os.path.isdir(source):
        os.makedirs(target, exist_ok=True)
    else:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        open(target, "a").close()
    try:
        _mount(source, target, None, MS_BIND)
    except OSError:  # locked mounts below it (in a user namespace): they must come along
        _mount(source, target, None, MS_BIND | MS_REC)
    _readonly(target, device)


def _readonly(target: str, device: bool = False) -> None:
    """Remount a bind read-only, keeping the flags the kernel locks (nosuid, nodev, noexec, atime) as they are."""
    st = os.statvfs(target).f_flag
    flags = MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | (MS_NODEV if not device or st & os.ST_NODEV else 0)
    for st_flag, ms_flag in ((os.ST_NOEXEC, MS_NOEXEC), (os.ST_NOATIME, MS_NOATIME), (os.ST_NODIRATIME, MS_NODIRATIME),
                             (getattr(os, "ST_RELATIME", 4096), MS_RELATIME)):
        if st & st_flag:
            flags |= ms_flag
    _mount(None, target, None, flags)


def enter(jail: Jail, scratch: str, scratch_mib: int) -> None:
    """In a forked worker: new namespaces and the private filesystem view. Forks once more, so the worker is
    PID 1 of its own PID namespace; the parent stays behind only to pass on the worker's exit status."""
    _unshare(CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWNET)
    pid = os.fork()
    if pid:
        _relay_exit(pid)
    _libc.prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG: never outlive the relay
    _mount(None, "/", None, MS_REC | MS_PRIVATE)  # nothing we mount leaks back to the host
    _mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755,size=1m")
    os.chdir("/tmp")
    os.mkdir("old")
    _syscall("pivot_root", b".", b"old")  # the host's tree is now /old, to bind from
    new = "/new"
    os.mkdir(new)
    _mount("tmpfs", new, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755,size=16m,nr_inodes=4096")
    for path in jail.binds:
        _bind("/old" + path, new + path)
    for link, target in jail.links.items():
        os.symlink(target, new + link)
    for dev in ("null", "zero", "random", "urandom"):
        _bind(f"/old/dev/{dev}", f"{new}/dev/{dev}", device=True)  # a nodev mount would refuse to open it
    os.makedirs(new + "/proc")
    _mount("proc", new + "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)  # this PID namespace only
    os.makedirs(new + scratch, exist_ok=True)
    _mount("tmpfs", new + scratch, "tmpfs", MS_NOSUID | MS_NODEV,
           f"mode=0700,uid={jail.uid},gid={jail.gid},size={scratch_mib}m,nr_inodes=8192")
    os.chdir(new)
    _syscall("pivot_root", b".", b".")  # the old root is stacked under the new one: detach it
    _check(_libc.umount2(b".", MNT_DETACH), "umount old root")
    _mount(None, "/", None, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)
    os.chdir(scratch)


def _relay_exit(pid: int) -> None:
    """The worker's parent: close its copies of everything, wait, exit the same way. Never returns."""
    try:
        os.closerange(0, 2)  # keep stderr (devnull); the pipes must close when the worker dies
        os.closerange(3, 1 << 16)
        _, status = os.waitpid(pid, 0)
        code = os.waitstatus_to_exitcode(status)
        if code < 0:
            signal.signal(-code, signal.SIG_DFL)
            os.kill(os.getpid(), -code)
        os._exit(code & 0xFF)
    finally:
        os._exit(1)


def lock(jail: Jail, env_file: str | None, source: str | None) -> None:
    """Right before env code runs: put the env file into the view, then drop every privilege for good."""
    if env_file and source is not None and not os.path.exists(env_file):
        _mount(None, "/", None, MS_BIND | MS_REMOUNT | MS_NOSUID | MS_NODEV)
        os.makedirs(os.path.dirname(env_file), exist_ok=True)
        with open(env_file, "w") as f:
            f.write(source)
        os.chmod(env_file, 0o444)
        _mount(None, "/", None, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)
    os.environ["TMPDIR"] = os.getcwd()
    if jail.as_root:
        os.setgroups([])
        os.setresgid(jail.gid, jail.gid, jail.gid)
        os.setresuid(jail.uid, jail.uid, jail.uid)  # leaves no capability behind
    else:
        header = struct.pack("Ii", 0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3, this process
        _syscall("capset", header, bytes(24))  # nothing effective, permitted or inheritable
    _libc.prctl(4, 0)  # PR_SET_DUMPABLE 0: no other process of this uid can ptrace or read our /proc
    _check(_libc.prctl(38, 1, 0, 0, 0), "no_new_privs")  # PR_SET_NO_NEW_PRIVS
    if jail.seccomp is not None:
        prog = ctypes.create_string_buffer(jail.seccomp)

        class FProg(ctypes.Structure):
            _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

        fprog = FProg(len(jail.seccomp) // 8, ctypes.addressof(prog))
        _check(_libc.prctl(22, 2, ctypes.byref(fprog), 0, 0), "seccomp")  # PR_SET_SECCOMP, SECCOMP_MODE_FILTER


def _seccomp_filter() -> bytes | None:
    """A classic BPF program: refuse process creation, exec, ptrace, mounts, namespaces and non-local sockets."""
    arch = _ARCH.get(platform.machine())
    if arch is None:
        return None
    allow, eperm = 0x7FFF0000, 0x00050000 | 1  # SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO | EPERM
    enosys = 0x00050000 | 38
    prog: list[tuple[int, int, int, int]] = []
    ld = lambda off: prog.append((0x20, 0, 0, off))  # noqa: E731 - BPF_LD|BPF_W|BPF_ABS
    ret = lambda k: prog.append((0x06, 0, 0, k))  # noqa: E731 - BPF_RET|BPF_K

    def deny_if(nr: int, k: int = eperm) -> None:
        prog.append((0x15, 0, 1, nr))  # BPF_JMP|BPF_JEQ|BPF_K: next instruction if equal, else skip it
        ret(k)

    ld(4)  # seccomp_data.arch
    prog.append((0x15, 1, 0, arch["audit"]))
    ret(eperm)  # another ABI (int 0x80 on x86_64): refuse everything
    ld(0)  # seccomp_data.nr
    if platform.machine() == "x86_64":
        prog.append((0x35, 0, 1, 0x40000000))  # BPF_JGE: the x32 ABI
        ret(eperm)
    for nr in [arch["fork"], arch["vfork"], arch["execve"], arch["execveat"], *arch["deny"]]:
        if nr is not None:
            deny_if(nr)
    deny_if(arch["clone3"], enosys)  # its flags sit behind a pointer: libc falls back to clone, checked below
    prog.append((0x15, 0, 4, arch["clone"]))
    ld(16)  # args[0], low half: the clone flags
    prog.append((0x45, 1, 0, CLONE_THREAD))  # BPF_JSET: a thread is fine, a process is not
    ret(eperm)
    ret(allow)
    prog.append((0x15, 0, 4, arch["socket"]))
    ld(16)  # the address family
    prog.append((0x15, 1, 0, 1))  # AF_UNIX only (there is no network in the namespace anyway)
    ret(eperm)
    ret(allow)
    ret(allow)
    return b"".join(struct.pack("HBBI", *insn) for insn in prog)
