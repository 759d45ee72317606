"""Pieces shared by both emulators: clock, control surface, request recording, faults, media probing."""
