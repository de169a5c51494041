"""Accounts and their OAuth apps; the default demo account every emulator starts with."""

from __future__ import annotations

import contextlib
from typing import Any

from .clock import iso
from .resources.users import new_user, user_doc
from .state import Emulator
from .store import ConflictError, Doc

ACCOUNT = "account"
CLIENT = "oauth_client"
DEFAULT_OWNER_EMAIL = "owner@zoomstack.example"


async def create_account(
    emu: Emulator,
    *,
    account_id: str,
    name: str,
    owner_email: str,
    client_id: str,
    client_secret: str,
    owner_id: str | None = None,
) -> dict[str, Any]:
    """An account with its owner user and one OAuth app (S2S and user-level)."""
    owner = new_user(
        emu,
        account_id,
        {"email": owner_email, "first_name": "Account", "last_name": "Owner", "role_id": "0"},
        user_id=owner_id,
    )
    owner["role_name"] = "Owner"
    account = {
        "id": account_id,
        "account_name": name,
        "owner_id": owner["id"],
        "owner_email": owner_email,
        "created_at": iso(emu.clock.now()),
        "plan": "business",
    }
    client = {
        "client_id": client_id,
        "client_secret": client_secret,
        "account_id": account_id,
        "redirect_uris": [],
        "name": f"{name} app",
    }
    await emu.store.insert_many(
        [
            Doc(ACCOUNT, account_id, account_id, account),
            user_doc(account_id, owner),
            Doc(CLIENT, client_id, account_id, client),
        ]
    )
    return account


async def ensure_default_account(emu: Emulator) -> None:
    """Create the demo account on first start; later starts find it in the store."""
    settings = emu.settings
    if await emu.store.get(ACCOUNT, settings.account_id) is not None:
        return
    with contextlib.suppress(ConflictError):  # another worker created it first
        await create_account(
            emu,
            account_id=settings.account_id,
            name="zoomstack demo",
            owner_email=DEFAULT_OWNER_EMAIL,
            client_id=settings.client_id,
            client_secret=settings.client_secret.get_secret_value(),
            owner_id="zsDemoOwner00000000001",
        )


async def get_client(emu: Emulator, client_id: str) -> dict[str, Any] | None:
    doc = await emu.store.get(CLIENT, client_id)
    return doc.body if doc else None


async def account_owner(emu: Emulator, account_id: str) -> str | None:
    doc = await emu.store.get(ACCOUNT, account_id)
    return str(doc.body["owner_id"]) if doc else None
