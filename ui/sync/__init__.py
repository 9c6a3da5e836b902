"""The desktop side of sync with head office: the background loop, its status, refusals."""
