"""The pytest plugin, as a user's suite meets it: inner suites run with pytester."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import POSTGRES_URL

pytest_plugins = ["pytester"]

INI = "[pytest]\nasyncio_mode = auto\nasyncio_default_fixture_loop_scope = function\n"

TWO_TESTS = """
SEEN = []

def test_first(zoom_emulator):
    SEEN.append(zoom_emulator.base_url)
    zoom_emulator.create_meeting(topic="only in the first test")
    zoom_emulator.add_fault("/v2/meetings/*", status=500)
    assert zoom_emulator.api("GET", "users/me/meetings")["total_records"] == 1

def test_second(zoom_emulator):
    SEEN.append(zoom_emulator.base_url)
    assert zoom_emulator.api("GET", "users/me/meetings")["total_records"] == 0
    assert zoom_emulator.faults() == []
    assert zoom_emulator.api("GET", "users/me")["id"]
    same_server = SEEN[0] == SEEN[1] and SEEN[0].startswith("http://127.0.0.1:")
    assert same_server == (zoom_emulator.base_url != "https://zoom.us")
"""


@pytest.mark.parametrize(
    ("scope", "store"),
    [
        ("test", "memory"),
        ("test", "sqlite"),
        ("session", "memory"),
        ("session", "sqlite"),
        ("session", POSTGRES_URL),
    ],
)
def test_state_made_in_one_test_is_gone_in_the_next(
    pytester: pytest.Pytester, scope: str, store: str
) -> None:
    pytester.makeini(INI)
    pytester.makepyfile(test_isolation=TWO_TESTS)
    result = pytester.runpytest("--zoom-scope", scope, "--zoom-store", store, "-p", "no:randomly")
    result.assert_outcomes(passed=2)


def test_the_marker_picks_store_and_settings(pytester: pytest.Pytester) -> None:
    pytester.makeini(INI)
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.zoom_emulator(store="sqlite", auth_mode="strict", account_id="markedAcct")
        def test_marked(zoom_emulator):
            health = zoom_emulator.health()
            assert (health["store"], health["auth_mode"]) == ("sqlite", "strict")
            assert zoom_emulator.account_id == "markedAcct"
            assert zoom_emulator.api("GET", "users/me")["account_id"] == "markedAcct"

        @pytest.mark.zoom_emulator(scope="forever")
        def test_bad_scope(zoom_emulator):
            pass
        """
    )
    result = pytester.runpytest()
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["*scope must be test or session, not 'forever'*"])


def test_the_ini_file_sets_the_defaults(pytester: pytest.Pytester) -> None:
    pytester.makeini(INI + "zoom_scope = session\nzoom_store = sqlite\n")
    pytester.makepyfile(
        """
        def test_served(zoom_emulator):
            assert zoom_emulator.base_url.startswith("http://127.0.0.1:")
            assert zoom_emulator.health()["store"] == "sqlite"
        """
    )
    pytester.runpytest().assert_outcomes(passed=1)


def test_fixtures_cover_a_webhook_driven_async_flow(pytester: pytest.Pytester) -> None:
    pytester.makeini(INI)
    pytester.makepyfile(
        """
        from starlette.applications import Starlette
        from starlette.responses import Response
        from starlette.routing import Route

        async def test_flow(zoom_emulator, zoom_client):
            got = []

            async def hook(request):
                got.append((await request.json())["event"])
                return Response(status_code=200)

            app = Starlette(routes=[Route("/hook", hook, methods=["POST"])])
            zoom_emulator.subscribe_app(app, path="/hook", events=["meeting.ended"], validate=False)
            meeting = await zoom_client.create_meeting("me", {"topic": "via the fixtures"})
            zoom_emulator.simulate(meeting.id)
            zoom_emulator.wait_for_deliveries(event="meeting.ended")
            assert got == ["meeting.ended"]
        """
    )
    pytester.runpytest().assert_outcomes(passed=1)


def test_the_plugin_is_registered_with_its_options(pytester: pytest.Pytester) -> None:
    pytester.makeini(INI)
    result = pytester.runpytest("--help")
    result.stdout.fnmatch_lines(["*--zoom-store=ZOOM_STORE*", "*--zoom-scope*"])


def test_loading_the_plugin_imports_nothing_heavy() -> None:
    code = (
        "import sys, zoomstack.testing.plugin;"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in"
        " ('httpx', 'starlette', 'pydantic', 'uvicorn', 'responses', 'respx', 'aiohttp')"
        " or m.startswith(('zoomstack.emulator', 'zoomstack.zoom', 'zoomstack.config')))))"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == ""
