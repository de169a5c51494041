"""One module per Zoom resource family: a backend (state operations) and thin routes."""
