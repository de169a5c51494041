"""The hub's copies of Zoom meetings, scoped to the user who made or owns each."""
