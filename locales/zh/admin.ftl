# The admins' pages.
