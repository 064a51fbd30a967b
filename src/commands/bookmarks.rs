//! `gangmu bookmarks` (being written).
