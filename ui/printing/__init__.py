"""Printing from the desktop: the system-printer sender and the print queue's runner."""
