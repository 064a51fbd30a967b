//! Drawing the reader with ratatui (being written).
