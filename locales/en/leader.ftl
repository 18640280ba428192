# The leaders' pages.
