"""In-memory emulators of the two upstream REST APIs (Albums and Public Profile)."""
