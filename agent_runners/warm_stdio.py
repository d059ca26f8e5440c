"""An MCP client transport over the pipes of a `serve` process forked by a `StdioZygote`.

The SDK's `stdio_client` spawns its own process, so this is its counterpart for a process that already
exists: newline-delimited JSON-RPC both ways, and the same shutdown (close stdin, a grace period, then a
kill), so a child that exits, crashes or hangs ends the episode exactly as a spawned stdio server does.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
import anyio.lowlevel
import mcp_types as types
from mcp.client._transport import TransportStreams
from mcp.shared.message import SessionMessage

from codegym_mcp.stdio_zygote import ServeChild, StdioZygote

__all__ = ["forked_stdio_client"]

EXIT_GRACE = 2.0  # seconds a child has to exit after its stdin closes (the SDK's PROCESS_TERMINATION_TIMEOUT)
KILL_REAP = 2.0
WRITER_FLUSH = 0.5
_POLL = 0.01


def _parse_line(line: bytes) -> SessionMessage | Exception:
    try:
        return SessionMessage(types.jsonrpc_message_adapter.validate_json(line, by_name=False))
    except ValueError as exc:  # the session surfaces it, as with the SDK's stdio client
        return exc


async def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        try:
            view = view[os.write(fd, view):]
        except BlockingIOError:
            await anyio.wait_writable(fd)


async def _exited(zygote: StdioZygote, pid: int, timeout: float) -> bool:
    deadline = anyio.current_time() + timeout
    while zygote.exit_code(pid, 0) is None:
        if anyio.current_time() >= deadline:
            return False
        await anyio.sleep(_POLL)
    return True


@asynccontextmanager
async def forked_stdio_client(zygote: StdioZygote, child: ServeChild) -> AsyncIterator[TransportStreams]:
    """MCP streams to and from `child`; on exit its stdin closes, and it is killed if it does not exit."""
    os.set_blocking(child.stdin_fd, False)
    os.set_blocking(child.stdout_fd, False)
    read_writer, read_stream = anyio.create_memory_object_stream[SessionMessage | Exception](0)
    write_stream, write_reader = anyio.create_memory_object_stream[SessionMessage](0)
    writer_done = anyio.Event()
    writer_scope = anyio.CancelScope()

    async def stdout_reader() -> None:
        buffer, delivering = b"", True
        async with read_writer:
            while True:
                await anyio.wait_readable(child.stdout_fd)
                try:
                    chunk = os.read(child.stdout_fd, 1 << 16)
                except BlockingIOError:
                    continue
                except OSError:
                    return
                if not chunk:
                    return  # the child closed stdout (exited or died): the session sees the connection end
                *lines, buffer = (buffer + chunk).split(b"\n")
                for line in lines:
                    if delivering and line.strip():
                        try:
                            await read_writer.send(_parse_line(line))
                        except (anyio.ClosedResourceError, anyio.BrokenResourceError):
                            delivering = False  # the session is gone: keep draining so the child can exit

    async def stdin_writer() -> None:
        try:
            with writer_scope:
                async with write_reader:
                    async for message in write_reader:
                        data = message.message.model_dump_json(by_alias=True, exclude_unset=True) + "\n"
                        await _write_all(child.stdin_fd, data.encode())
        except (anyio.ClosedResourceError, anyio.BrokenResourceError, OSError):
            await read_writer.aclose()  # the child stopped reading: end the session instead of hanging a request
        finally:
            writer_done.set()

    async def shutdown() -> None:
        write_stream.close()
        with anyio.move_on_after(WRITER_FLUSH):
            await writer_done.wait()
        writer_scope.cancel()
        await writer_done.wait()
        os.close(child.stdin_fd)  # EOF: a healthy `serve` exits now
        read_stream.close()
        if not await _exited(zygote, child.pid, EXIT_GRACE):
            zygote.kill(child.pid)
            await _exited(zygote, child.pid, KILL_REAP)

    try:
        async with anyio.create_task_group() as tg:
            tg.start_soon(stdout_reader)
            tg.start_soon(stdin_writer)
            try:
                yield read_stream, write_stream
            finally:
                with anyio.CancelScope(shield=True):
                    await shutdown()
                tg.cancel_scope.cancel()  # the reader, if a survivor still holds stdout open
    finally:
        os.close(child.stdout_fd)  # only now: no task waits on it any more
    await anyio.lowlevel.cancel_shielded_checkpoint()
