"""The base of the links the emulator hands out, kept in step with where it is served.

Join, start, download, play and share URLs begin with the emulator's base URL (its
public URL, or http://HOST:PORT) and documents keep them as they were made. A store
seeded by `zoomstack seed` (which serves nothing, so it makes them with the default
base), or served before on another port or public URL, would hand out links to an
address nothing answers at. So the store records the base its links were made with,
and when the emulator starts on another one, every link is rewritten once.
"""

from __future__ import annotations

from .state import Emulator

LINK_BASE_KEY = "link_base_url"


async def settle_link_base(emu: Emulator) -> int:
    """Make the store's links begin with this emulator's base; how many documents changed.

    Only whole links are rewritten: the old base at the start of a JSON string,
    followed by a path (`"http://127.0.0.1:8000/...`)."""
    store, current = emu.store, emu.base_url()
    recorded = await store.meta_get(LINK_BASE_KEY)
    if recorded == current:
        return 0
    changed = 0
    if recorded:
        changed = await store.replace_in_bodies(f'"{recorded}/', f'"{current}/')
    await store.meta_set(LINK_BASE_KEY, current)
    return changed
