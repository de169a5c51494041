from __future__ import annotations

import httpx

from zoomstack.emulator.resources import meeting_shapes


def test_default_settings_are_fresh_copies() -> None:
    first = meeting_shapes.default_settings()
    first["breakout_room"]["enable"] = True
    assert meeting_shapes.default_settings()["breakout_room"]["enable"] is False


def test_default_settings_hold_old_and_new_fields() -> None:
    settings = meeting_shapes.default_settings()
    assert settings["audio"] == "voip"  # Zoom's default, not the spec's `both`
    assert settings["cn_meeting"] is False  # old fields strict clients still want
    assert isinstance(settings["waiting_room_options"], dict)  # spec-only fields too
    assert "channels" not in settings["auto_add_recording_to_video_management"]


async def test_registration_link_follows_approval_type(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    body = {"topic": "Webinar-ish", "type": 2, "settings": {"approval_type": 1}}
    created = (await client.post("/v2/users/me/meetings", headers=auth, json=body)).json()
    link = created["registration_url"]
    assert "/meeting/register/" in link
    path = f"/v2/meetings/{created['id']}"
    await client.patch(path, headers=auth, json={"topic": "Still registered"})
    assert (await client.get(path, headers=auth)).json()["registration_url"] == link
    await client.patch(path, headers=auth, json={"settings": {"approval_type": 2}})
    assert "registration_url" not in (await client.get(path, headers=auth)).json()
