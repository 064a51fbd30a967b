//! `gangmu export` (being written).
