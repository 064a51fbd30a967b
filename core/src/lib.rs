//! gangmu-core — the engine of gangmu, the terminal reader for long structured reports.
//!
//! Nothing here knows the terminal or the command line (Cargo keeps it so: this crate depends on
//! neither ratatui, crossterm nor clap). Data flows one way:
//!
//! * [`text`]: the leaf every other module measures with — display width, punctuation classes;
//! * [`source`]: where a document's bytes come from (file, standard input, the sample), capped;
//! * [`doc`]: bytes → [`doc::Document`] (decode, reflow or Markdown, title, regions, tree);
//! * [`layout`]: blocks → display lines (CJK line breaking, the wrapped-line cache, the row flow);
//! * [`passage`]: a span of a document, the selection that grows it by sentence, paragraph or
//!   character, and its text read from the spanned blocks;
//! * [`search`]: folded text and matches;
//! * [`store`]: the state file (bookmarks, positions, history) — locked, atomic, comment-keeping;
//! * [`export`]: bookmarked passages as Markdown, text or JSON, with their section path;
//! * [`shown`]: how names and untrusted text are printed (controls as pictures, cut);
//! * [`synth`]: large synthetic reports for benchmarks and tests.
pub mod doc;
pub mod export;
pub mod layout;
pub mod passage;
pub mod search;
pub mod shown;
pub mod source;
pub mod store;
pub mod synth;
pub mod text;
