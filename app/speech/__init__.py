"""Offline speech to text for audio notes; pure, no Flask or database (engine.py)."""
