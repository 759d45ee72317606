"""Pieces shared by both emulators: clock, control surface, recording, faults, media."""
