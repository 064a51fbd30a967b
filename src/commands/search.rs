//! `gangmu search` (being written).
