"""list_under: a page, its total and its parent in one read, as the separate reads give them."""

from __future__ import annotations

import orjson
import pytest

from zoomstack.emulator.store import Doc, Listing, Parent, Query, Store
from zoomstack.emulator.store.base import list_under_in_steps

ACCOUNT = "acct1"
OTHER = "acct2"
OWNER = Parent("user", via="account", field="owner_id")

pytestmark = pytest.mark.parametrize("store_url", ["sqlite", "postgres"], indirect=True)


def _meeting(i: int, host: str, *, tag: str = "waiting", sort: str | None = None) -> Doc:
    body = {"id": i, "host_id": host, "topic": f"m{i}", "agenda": "x" * (i % 7)}
    return Doc(
        "meeting",
        str(i),
        ACCOUNT,
        body,
        parent=host,
        tag=tag,
        sort=sort or f"2030-01-01T00:{i % 60:02d}:00Z",
        brief={"id": i, "topic": f"m{i}"} if i % 5 else None,  # some lists fall back to bodies
    )


@pytest.fixture
async def store(store: Store) -> Store:
    """The emptied store, with two accounts, their users, and meetings under two of them."""
    docs = [
        Doc("account", ACCOUNT, ACCOUNT, {"id": ACCOUNT, "owner_id": "u1"}),
        Doc("account", OTHER, OTHER, {"id": OTHER}),
        Doc("user", "u1", ACCOUNT, {"id": "u1"}),
        Doc("user", "u2", ACCOUNT, {"id": "u2"}),
        Doc("user", "x1", OTHER, {"id": "x1"}),
    ]
    # Ties on the sort key (same minute, i and i + 60) so pages split between equal keys.
    docs += [_meeting(i, "u1", tag="started" if i % 3 == 0 else "waiting") for i in range(75)]
    docs += [_meeting(i, "u2", sort="2030-01-01T09:00:00Z") for i in range(100, 104)]
    await store.insert_many(docs)
    return store


QUERIES = [
    Query("meeting", ACCOUNT),
    Query("meeting", ACCOUNT, limit=1),
    Query("meeting", ACCOUNT, limit=74),
    Query("meeting", ACCOUNT, limit=75),
    Query("meeting", ACCOUNT, limit=300, descending=True),
    Query("meeting", ACCOUNT, limit=7, offset=70),
    Query("meeting", ACCOUNT, limit=7, offset=100),
    Query("meeting", ACCOUNT, tag="started", limit=4),
    Query("meeting", ACCOUNT, tag="nothing"),
    Query("meeting", ACCOUNT, limit=5, sort_min="2030-01-01T00:10:00Z"),
    Query("meeting", ACCOUNT, limit=5, sort_max="2030-01-01T00:10:00Z", descending=True),
    Query(
        "meeting",
        ACCOUNT,
        tag="waiting",
        limit=6,
        sort_min="2030-01-01T00:05:00Z",
        sort_max="2030-01-01T00:50:00Z",
        after=("2030-01-01T00:07:00Z", "67"),
    ),
    Query("meeting", ACCOUNT, limit=3, after=("2030-01-01T00:14:00Z", "14"), descending=True),
]


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize(
    "parent", [OWNER, Parent("user", "u1"), Parent("user", "u2")], ids=["owner", "u1", "u2"]
)
async def test_one_read_gives_what_the_steps_give(
    store: Store, query: Query, parent: Parent
) -> None:
    listing = await store.list_under(query, parent)
    assert listing == await list_under_in_steps(store, query, parent)
    assert listing is not None


async def test_pages_follow_each_other_through_ties(store: Store) -> None:
    seen: list[int] = []
    cursor = None
    while True:
        query = Query("meeting", ACCOUNT, after=cursor, limit=8)
        listing = await store.list_under(query, OWNER)
        assert isinstance(listing, Listing)
        assert listing.total == 75
        seen += [item["id"] for item in orjson.loads(b"[" + listing.items + b"]")]
        if listing.cursor is None:
            break
        cursor = listing.cursor
    expected = sorted(range(75), key=lambda i: (f"2030-01-01T00:{i % 60:02d}:00Z", str(i)))
    assert seen == expected


@pytest.mark.parametrize(
    ("account", "parent"),
    [
        (ACCOUNT, Parent("user", "nobody")),
        (ACCOUNT, Parent("user", "")),
        (ACCOUNT, Parent("user", "x1")),  # a user of another account
        (ACCOUNT, Parent("meeting", "u1")),  # not of that kind
        (OTHER, OWNER),  # an account without an owner
        ("acct3", OWNER),  # no such account
        (ACCOUNT, Parent("user", via="account", field="missing")),
    ],
)
async def test_no_parent_no_listing(store: Store, account: str, parent: Parent) -> None:
    query = Query("meeting", account)
    assert await store.list_under(query, parent) is None
    assert await list_under_in_steps(store, query, parent) is None


async def test_writes_show_at_once(store: Store) -> None:
    query = Query("meeting", ACCOUNT, limit=2)
    await store.insert(_meeting(500, "u1", sort="2000-01-01T00:00:00Z"))
    listing = await store.list_under(query, OWNER)
    assert listing is not None
    assert listing.total == 76
    assert listing.items.startswith(b'{"id":500,')
    await store.delete("meeting", "500")
    listing = await store.list_under(query, OWNER)
    assert listing is not None
    assert (listing.total, listing.items.startswith(b'{"id":0,')) == (75, True)
