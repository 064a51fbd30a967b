//! Folded, cross-line search over a document (being written).
