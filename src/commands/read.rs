//! `gangmu read` (being written).
