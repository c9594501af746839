"""The old address /Compare: bookmarks made before addresses became lowercase open /compare."""

from ui import frame

frame.moved_to("pages/2_compare.py")
