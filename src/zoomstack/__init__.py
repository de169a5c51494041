"""zoomstack: a local Zoom cloud and a meeting backend on top of any Zoom."""

__version__ = "0.1.0"
