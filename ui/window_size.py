"""The sizes every top-level Counter window starts at, in a module that loads nothing else."""

from PySide6.QtCore import QSize

# A 1366x768 counter PC leaves about 1366x700 once the taskbar and title bar are drawn.
MINIMUM_SIZE = QSize(1024, 640)
DEFAULT_SIZE = QSize(1280, 720)
