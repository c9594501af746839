"""The old address /Week: bookmarks made before addresses became lowercase open /week."""

from ui import frame

frame.moved_to("pages/1_week.py")
