# The secretariats' pages.
