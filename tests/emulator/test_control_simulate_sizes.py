"""POST /_emulator/meetings/{id}/simulate with `file_sizes`: media files of a chosen size."""

from __future__ import annotations

import httpx


async def test_media_files_get_the_sizes_asked_for(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    made = await client.post(
        "/v2/users/me/meetings", json={"topic": "Big", "type": 2}, headers=auth
    )
    simulate = f"/_emulator/meetings/{made.json()['id']}/simulate"
    body = {"duration": 1, "file_sizes": {"MP4": 3_000_001, "M4A": 64}}
    ran = await client.post(simulate, json=body)
    assert ran.status_code == 201, ran.text
    files = {f["file_type"]: f for f in ran.json()["recording"]["recording_files"]}
    assert (files["MP4"]["file_size"], files["M4A"]["file_size"]) == (3_000_001, 64)
    assert ran.json()["recording"]["total_size"] == sum(f["file_size"] for f in files.values())
    got = await client.get(files["MP4"]["download_url"], headers=auth)
    assert len(got.content) == 3_000_001 and got.content[4:8] == b"ftyp"


async def test_sizes_must_be_media_types_and_byte_counts(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    made = await client.post(
        "/v2/users/me/meetings", json={"topic": "Big", "type": 2}, headers=auth
    )
    simulate = f"/_emulator/meetings/{made.json()['id']}/simulate"
    for bad in ({"MP4": 10}, {"WAV": 100}, {"MP4": "big"}, ["MP4"]):
        refused = await client.post(simulate, json={"file_sizes": bad})
        assert refused.status_code == 400, bad
        assert "file_sizes" in refused.text
