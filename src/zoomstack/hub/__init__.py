"""The hub: a meeting backend on top of any Zoom (the emulator or zoom.us).

The app factory lives in `zoomstack.hub.app`; importing this package stays cheap so
the engines under it (intel, scheduling) can be used without the web stack.
"""
