//! The officer pages, rendered for the roles that may see them and refused to the others.
