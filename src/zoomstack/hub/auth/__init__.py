"""Hub users, their bearer tokens and API keys, and Zoom tokens encrypted at rest."""
