"""Domain operations: plain functions that add and flush; callers commit once."""
