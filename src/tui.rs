//! Running the reader in a real terminal (being written).
