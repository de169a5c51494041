"""The emulator: a stateful, local copy of the Zoom cloud."""
