"""Recordings: the rows, their files in storage, uploads and downloads."""
