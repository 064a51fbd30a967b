//! `gangmu render` (being written).
