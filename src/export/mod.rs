//! Export of bookmarked passages, one module per format (being written).
