//! Laying text out in columns: display width, CJK line breaking, the wrapped-line cache.
//! Knows nothing of ratatui.
pub mod width;

pub use width::{AmbiguousWidth, str_width};
