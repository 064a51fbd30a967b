//! The leaf both the parser and the layout measure text with: display width (graphemes and
//! ambiguous width) and the punctuation classes of Chinese line breaking. It depends on no other
//! module of the engine.
pub mod numerals;
pub mod punctuation;
pub mod sentences;
pub mod width;

pub use width::{AmbiguousWidth, str_width};
