from __future__ import annotations

from zoomstack.emulator.routelabels import RouteLabels, zoom_labels


def test_labels_come_from_zoom_specs() -> None:
    labels = zoom_labels()
    assert labels.category("GET", "/v2/users/me/zak") == "light"
    assert labels.category("GET", "/v2/users") == "medium"
    assert labels.category("GET", "/v2/report/meetings/85746065432/participants") == "heavy"
    assert labels.category("PATCH", "/v2/meetings/85746065432") == "light"
    assert labels.category("GET", "/v2/metrics/chat") == "resource-intensive"
    assert labels.category("GET", "/v2/no/such/route") is None


def test_literal_segments_win_over_parameters() -> None:
    labels = RouteLabels(
        [
            ("GET", "/users/{userId}/meetings", "Medium"),
            ("GET", "/users/me/meetings", "Heavy"),
            ("GET", "/users/{userId}", "Light"),
        ]
    )
    assert labels.category("GET", "/users/me/meetings") == "heavy"
    assert labels.category("get", "/v2/users/abc/meetings") == "medium"
    assert labels.category("GET", "/users/me") == "light"  # falls back to the parameter
    assert labels.category("POST", "/users/me") is None
