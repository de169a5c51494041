"""The pipe between a download and a storage put: pieces, order, the end, failures."""

from __future__ import annotations

import zlib

import anyio
import pytest

from zoomstack.hub.sync.pipe import Pipe, PipeAborted


async def read_all(pipe: Pipe, into: list[bytes]) -> None:
    async for piece in pipe.chunks():
        into.append(piece)


async def test_small_writes_reach_the_reader_joined_into_pieces_in_order() -> None:
    pipe = Pipe(piece_size=10, depth=1)
    pieces: list[bytes] = []
    async with anyio.create_task_group() as tasks:
        tasks.start_soon(read_all, pipe, pieces)
        for n in range(25):
            await pipe.write(bytes([n]) * 2)
        pipe.close()
    assert b"".join(pieces) == b"".join(bytes([n]) * 2 for n in range(25))
    assert [len(p) for p in pieces] == [10] * 5


async def test_what_is_left_at_the_end_is_read_after_the_last_piece() -> None:
    pipe = Pipe(piece_size=8)
    pieces: list[bytes] = []
    async with anyio.create_task_group() as tasks:
        tasks.start_soon(read_all, pipe, pieces)
        await pipe.write(b"abcdefgh")
        await pipe.write(b"ij")
        pipe.close()
    assert pieces == [b"abcdefgh", b"ij"]


async def test_a_writer_that_fails_fails_the_reader_with_nothing_half_written_read() -> None:
    pipe = Pipe(piece_size=8)
    pieces: list[bytes] = []
    await pipe.write(b"abc")
    pipe.close(RuntimeError("cut"))
    with pytest.raises(PipeAborted, match="cut"):
        await read_all(pipe, pieces)
    assert pieces == []


async def test_a_closed_reader_fails_the_next_write_at_once() -> None:
    pipe = Pipe(piece_size=1024)
    pipe.close_reader()
    with pytest.raises(anyio.BrokenResourceError):
        await pipe.write(b"x")


async def test_bytes_are_counted_and_small_files_kept_as_written() -> None:
    counted: list[int] = []
    pipe = Pipe(piece_size=4, keep_up_to=100, on_bytes=counted.append)
    pieces: list[bytes] = []
    async with anyio.create_task_group() as tasks:
        tasks.start_soon(read_all, pipe, pieces)
        for chunk in (b"WEB", b"VTT", b"\n"):
            await pipe.write(chunk)
        pipe.close()
    assert counted == [3, 3, 1]
    assert bytes(pipe.kept) == b"WEBVTT\n" == b"".join(pieces)


async def test_the_crc_is_of_all_that_was_written() -> None:
    pipe = Pipe(piece_size=10)
    written = [b"abc" * 5, b"", b"de" * 20, b"f"]

    async def write() -> None:
        for data in written:
            await pipe.write(data)
        pipe.close()

    async with anyio.create_task_group() as tasks:
        tasks.start_soon(write)
        read = b"".join([chunk async for chunk in pipe.chunks()])
    assert read == b"".join(written)
    assert await pipe.crc32() == zlib.crc32(read)
