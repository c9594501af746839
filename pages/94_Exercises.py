"""The old address /Exercises: bookmarks made before addresses became lowercase open /exercises."""

from ui import frame

frame.moved_to("pages/4_exercises.py")
