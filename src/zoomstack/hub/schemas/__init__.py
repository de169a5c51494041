"""API schemas (Create / Update / Public), kept apart from the tables."""
