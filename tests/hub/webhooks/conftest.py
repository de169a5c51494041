"""Webhook tests get a hub wired to an in-process emulator."""

from tests.hub.zoomed import served as served
from tests.hub.zoomed import zoomed as zoomed
from tests.hub.zoomed import zoomed_settings_extra as zoomed_settings_extra
