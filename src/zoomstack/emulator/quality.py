"""How each participant's devices and connection held up in a meeting.

When a meeting is planned, every attendance session gets a client profile (device,
OS, network, data center ...) and QoS figures per stream (bitrate, latency, jitter,
loss, frame rate, CPU), drawn from a seed that depends only on the instance UUID and
the session's place in the participant list. They are stored once, beside the
participant; the dashboard's quality labels, QoS summaries and QSS scores are all
derived from the stored figures, never drawn again.

Stored kind:
  participant_qos  id = the participant's id ("{uuid}#{nnnn}"), parent = instance UUID,
                   sort = the participant's join_time: a page of it lines up row for
                   row with the same page of participants.
                   body = {"profile": {...}, "qos": {stream: figures}}

Figures are numbers (`[min, avg, max]` triples); Zoom's strings ("45 ms") are made
when answering. Quality is scored with the ITU-T G.107 E-model (simplified): an
R factor from latency, jitter and loss, mapped to a MOS from 1 to 4.5.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .store import Doc

KIND = "participant_qos"
AUDIO = ("audio_input", "audio_output")
VIDEO = ("video_input", "video_output")
SHARE = ("as_input", "as_output")
LABELS = ("good", "fair", "poor", "bad")

# Network conditions a session may have had: weight, latency (ms), jitter (ms), loss (%).
_NETWORKS = (
    (72, (20, 80), (1, 8), (0.0, 0.5)),
    (18, (80, 170), (8, 20), (0.5, 2.0)),
    (7, (170, 300), (20, 40), (2.0, 5.0)),
    (3, (300, 500), (40, 80), (5.0, 12.0)),
)
# device, os, os versions, device name, camera, microphone, speaker
_DEVICES = (
    ("Mac", "Mac OS", ("14.5", "15.1"), "MacBook Pro", "FaceTime HD Camera", "MacBook Pro Microphone", "MacBook Pro Speakers"),
    ("Windows", "Windows", ("10", "11"), "ThinkPad X1", "Integrated Webcam", "Microphone Array (Realtek Audio)", "Speakers (Realtek Audio)"),
    ("iOS", "iOS", ("17.5", "18.1"), "iPhone 15", "Front Camera", "iPhone Microphone", "iPhone Speaker"),
    ("Android", "Android", ("13", "14"), "Pixel 8", "Front Camera", "Built-in Microphone", "Built-in Speaker"),
)  # fmt: skip
_DEVICE_WEIGHTS = (45, 40, 10, 5)
_DATA_CENTERS = (
    ("United States (SC Top)", "United States"),
    ("United States (NY)", "United States"),
    ("Germany (FR)", "Germany"),
    ("United Kingdom (LN)", "United Kingdom"),
)
_RESOLUTIONS = ("1280*720", "640*360", "1920*1080")
_PRESSURE = ("normal", "fair", "serious", "critical")


@dataclass(frozen=True, slots=True)
class Attendee:
    """What the QoS of one session depends on."""

    uuid: str  # the instance
    session: int  # place in the participant list
    person: int  # the person's index: one device per person, whatever their sessions
    name: str
    email: str
    user_id: str  # the account user's id, "" for a guest
    participant_id: str  # the per-meeting id Zoom gives whoever joins
    participant_uuid: str
    role: str  # host, attendee or panelist
    join_time: str
    leave_time: str


def _rng(*parts: object) -> random.Random:
    digest = hashlib.sha256("#".join(map(str, parts)).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def _triple(rng: random.Random, low: float, high: float, digits: int = 0) -> list[float]:
    avg = rng.uniform(low, high)
    values = [avg * rng.uniform(0.5, 0.9), avg, avg * rng.uniform(1.1, 1.8)]
    return [round(v, digits) if digits else float(round(v)) for v in values]


def _network(rng: random.Random) -> dict[str, list[float]]:
    weights = [n[0] for n in _NETWORKS]
    _, latency, jitter, loss = rng.choices(_NETWORKS, weights)[0]
    return {
        "latency": _triple(rng, *latency),
        "jitter": _triple(rng, *jitter),
        "loss": _triple(rng, *loss, digits=2),
    }


def _stream(rng: random.Random, network: Mapping[str, list[float]], kbps: tuple[int, int]) -> dict[str, Any]:  # fmt: skip
    """One stream's figures: the session's network, a little different per direction."""
    spread = rng.uniform(0.85, 1.15)
    figures: dict[str, Any] = {
        name: [round(v * spread, 2) for v in values] for name, values in network.items()
    }
    figures["bitrate"] = _triple(rng, *kbps, digits=2)
    return figures


def _video(rng: random.Random, network: Mapping[str, list[float]]) -> dict[str, Any]:
    figures = _stream(rng, network, (400, 1800))
    figures["resolution"] = rng.choice(_RESOLUTIONS)
    figures["frame_rate"] = [min(rate, 30.0) for rate in _triple(rng, 12, 28)]  # Zoom caps at 30
    return figures


def _cpu(rng: random.Random) -> dict[str, Any]:
    zoom = _triple(rng, 4, 25)
    level = min(int(zoom[2] // 20), 3)
    return {
        "zoom": zoom,
        "system_max": round(min(zoom[2] * rng.uniform(1.5, 3.0), 100.0)),
        "pressure": [_PRESSURE[0], _PRESSURE[max(level - 1, 0)], _PRESSURE[level]],
    }


def streams(who: Attendee, shared: bool) -> dict[str, Any]:
    """QoS figures of every stream a session had; screen share only for who shared."""
    rng = _rng(who.uuid, who.session, "qos")
    network = _network(rng)
    qos: dict[str, Any] = {name: _stream(rng, network, (28, 80)) for name in AUDIO}
    qos.update({name: _video(rng, network) for name in VIDEO})
    if shared:
        qos.update({name: _stream(rng, network, (150, 900)) for name in SHARE})
    qos["cpu_usage"] = _cpu(rng)
    return qos


def _address(rng: random.Random) -> str:
    """An address from the documentation ranges (RFC 5737): never anyone's real one."""
    net = rng.choice(("192.0.2", "198.51.100", "203.0.113"))
    return f"{net}.{rng.randint(1, 254)}"


def profile(who: Attendee, shared: bool) -> dict[str, Any]:
    """The client a person joined with: the same for each of their sessions."""
    rng = _rng(who.uuid, who.person, "client")
    device, os, versions, name, camera, microphone, speaker = rng.choices(
        _DEVICES, _DEVICE_WEIGHTS
    )[0]
    center, location = rng.choice(_DATA_CENTERS)
    hexes = rng.randbytes(6).hex()
    return {
        "device": device, "os": os, "os_version": rng.choice(versions), "device_name": name,
        "camera": camera, "microphone": microphone, "speaker": speaker,
        "version": f"6.{rng.randint(0, 3)}.{rng.randint(0, 9)}.{rng.randint(10000, 59999)}",
        "client": "Zoom Workplace", "pc_name": f"{who.name.split()[0].upper()}-{hexes[:6]}",
        "mac_addr": f"{hexes[:4]}-{hexes[4:8]}-{hexes[8:]}", "harddisk_id": hexes[:10].upper(),
        "ip_address": _address(rng), "internal_ip_addresses": [f"10.0.{rng.randint(0, 9)}.{rng.randint(2, 254)}"],
        "location": location, "data_center": center, "full_data_center": f"{center};",
        "network_type": rng.choice(("Wifi", "Wifi", "Wired", "Cellular" if device in ("iOS", "Android") else "Wired")),
        "connection_type": "UDP", "domain": who.email.rpartition("@")[2],
        "share_desktop": shared, "share_application": False, "share_whiteboard": False,
        "recording": who.role == "host", "role": who.role,
        "total_jointime_cost": round(rng.uniform(1.2, 6.5), 2),
    }  # fmt: skip


def shares_screen(who: Attendee) -> bool:
    """The host shares in every meeting; about one in seven others share too."""
    return who.role == "host" or _rng(who.uuid, who.person, "share").random() < 0.15


def body(who: Attendee) -> dict[str, Any]:
    """What is stored for one session."""
    shared = shares_screen(who)
    identity = {
        "user_name": who.name,
        "email": who.email,
        "participant_user_id": who.user_id,
        "participant_id": who.participant_id,
        "participant_uuid": who.participant_uuid,
        "join_time": who.join_time,
        "leave_time": who.leave_time,
    }
    return {"identity": identity, "profile": profile(who, shared), "qos": streams(who, shared)}


def qos_doc(
    account_id: str, participant_id: str, uuid: str, join_time: str, stored: dict[str, Any]
) -> Doc:
    """Stored beside the participant it describes: same id, parent and sort key."""
    return Doc(
        kind=KIND,
        id=participant_id,
        account_id=account_id,
        parent=uuid,
        sort=join_time,
        body=stored,
    )


# -- scoring -----------------------------------------------------------------------------


def mos(figures: Mapping[str, Any]) -> float:
    """Mean opinion score (1 to 4.5) of a stream from its average latency, jitter and loss."""
    latency, jitter, loss = (float(figures[k][1]) for k in ("latency", "jitter", "loss"))
    effective = latency + 2 * jitter + 10
    r = 93.2 - (effective / 40 if effective < 160 else (effective - 120) / 10) - 2.5 * loss
    r = min(max(r, 0.0), 100.0)
    score = 1 + 0.035 * r + 7e-6 * r * (r - 60) * (100 - r)
    return round(min(max(score, 1.0), 4.5), 2)


def label(score: float) -> str:
    """Zoom's quality words for a MOS."""
    if score >= 4.0:
        return "good"
    if score >= 3.6:
        return "fair"
    if score >= 3.1:
        return "poor"
    return "bad"


def kind_score(qos: Mapping[str, Any], names: Iterable[str]) -> float | None:
    """The mean MOS of a session's streams of one kind (audio, video, share), if any."""
    scores = [mos(qos[name]) for name in names if name in qos]
    return round(sum(scores) / len(scores), 2) if scores else None


def mean(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return round(sum(present) / len(present), 2) if present else None


# -- Zoom's strings ----------------------------------------------------------------------


def _number(value: float) -> str:
    return f"{value:g}"


def details(name: str, figures: Mapping[str, Any]) -> dict[str, str]:
    """One stream as Zoom's QoS summary `details` (units in the strings, as Zoom sends)."""
    if name == "cpu_usage":
        zoom = figures["zoom"]
        return {
            "zoom_min_cpu_usage": f"{_number(zoom[0])}%",
            "zoom_avg_cpu_usage": f"{_number(zoom[1])}%",
            "zoom_max_cpu_usage": f"{_number(zoom[2])}%",
            "system_max_cpu_usage": f"{_number(figures['system_max'])}%",
            "system_min_cpu_pressure_level": figures["pressure"][0],
            "system_avg_cpu_pressure_level": figures["pressure"][1],
            "system_max_cpu_pressure_level": figures["pressure"][2],
        }
    units = {"bitrate": " kbps", "latency": " ms", "jitter": " ms", "loss": "%"}
    out = {
        f"{edge}_{metric}": f"{_number(figures[metric][i])}{unit}"
        for metric, unit in units.items()
        for i, edge in enumerate(("min", "avg", "max"))
    }
    if "resolution" in figures:
        out["resolution"] = figures["resolution"]
        for i, edge in enumerate(("min", "avg", "max")):
            out[f"{edge}_frame_rate"] = f"{_number(figures['frame_rate'][i])} fps"
    return out


STREAM_ORDER = (*AUDIO, *VIDEO, *SHARE, "cpu_usage")


def summary(qos: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every stream of a session as Zoom's QoS summary list, audio first."""
    return [
        {"type": name, "details": details(name, qos[name])} for name in STREAM_ORDER if name in qos
    ]
