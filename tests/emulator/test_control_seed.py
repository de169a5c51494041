"""POST /_emulator/seed: generated demo data in a running emulator."""

from __future__ import annotations

import httpx


async def test_seed_makes_users_and_meetings(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    reply = await client.post(
        "/_emulator/seed", json={"users": 2, "meetings_per_user": 1, "seed": 11}
    )
    assert reply.status_code == 201, reply.text
    made = reply.json()
    assert (made["users"], made["meetings"]) == (2, 2)
    users = (await client.get("/v2/users", headers=auth)).json()
    assert users["total_records"] == 3  # the owner and two seeded users


async def test_an_empty_body_seeds_with_the_defaults(client: httpx.AsyncClient) -> None:
    reply = await client.post("/_emulator/seed")
    assert reply.status_code == 201, reply.text
    assert reply.json()["users"] == 10


async def test_bad_counts_name_each_field(client: httpx.AsyncClient) -> None:
    reply = await client.post("/_emulator/seed", json={"users": -1, "seed": "x"})
    assert reply.status_code == 400
    fields = {error["field"] for error in reply.json()["errors"]}
    assert fields == {"users", "seed"}


async def test_the_same_seed_twice_is_a_conflict(client: httpx.AsyncClient) -> None:
    body = {"users": 1, "meetings_per_user": 1, "seed": 3}
    assert (await client.post("/_emulator/seed", json=body)).status_code == 201
    again = await client.post("/_emulator/seed", json=body)
    assert again.status_code == 409
    assert "seed 3" in again.json()["message"]
