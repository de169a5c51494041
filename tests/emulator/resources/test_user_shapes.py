from __future__ import annotations

import httpx

from zoomstack.emulator.resources.users import default_settings


def test_default_settings_are_complete_and_fresh() -> None:
    settings = default_settings()
    assert settings["in_meeting"]["meeting_summary_with_ai_companion"]["enable"] is True
    assert "profile" in settings and "audio_conferencing" in settings
    settings["in_meeting"]["chat"] = False
    assert default_settings()["in_meeting"]["chat"] is True


async def test_user_has_typed_fields_strict_clients_need(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    user = (await client.get("/v2/users/me", headers=auth)).json()
    assert isinstance(user["pmi"], int) and not isinstance(user["pmi"], bool)
    assert user["verified"] in (0, 1)
    assert isinstance(user["role_id"], str)
    assert "host_key" not in user  # Zoom lists it but leaves it out of GET
    listed = (await client.get("/v2/users", headers=auth)).json()["users"][0]
    assert listed["host_key"].isdigit()


async def test_settings_patch_is_kept_over_defaults(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    patch = {
        "in_meeting": {"chat": False, "polling": None},
        "recording": {"auto_recording": "local"},
    }
    response = await client.patch("/v2/users/me/settings", headers=auth, json=patch)
    assert response.status_code == 204
    got = (await client.get("/v2/users/me/settings", headers=auth)).json()
    assert got["in_meeting"]["chat"] is False
    assert got["in_meeting"]["polling"] is True  # null leaves the default be
    assert got["recording"]["auto_recording"] == "local"
    assert got["recording"]["cloud_recording"] is True
