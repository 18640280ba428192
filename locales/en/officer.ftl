# The officers' pages.
