//! Laying text out in columns: display width, CJK line breaking, the wrapped-line cache, and the
//! reading pane's row model. Knows nothing of ratatui. Widths come from [`crate::text`].
//!
//! * [`wrap`](mod@wrap): one block into display lines with the Chinese line-breaking rules;
//! * [`cache`]: wrapped lines per block for the current width and settings;
//! * [`flow`]: the reading pane's rows over all blocks, scrolling, position ↔ row, progress.
pub mod cache;
pub mod flow;
pub mod wrap;

pub use crate::text::{AmbiguousWidth, str_width};
pub use cache::LayoutCache;
pub use flow::{Blocks, Flow, FlowSource, PARAGRAPH_INDENT, Progress, RowPos, VisibleRow};
pub use wrap::{WrapOptions, WrappedLine, line_of_byte, wrap};
