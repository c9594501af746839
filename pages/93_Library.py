"""The old address /Library: bookmarks made before addresses became lowercase open /library."""

from ui import frame

frame.moved_to("pages/3_library.py")
