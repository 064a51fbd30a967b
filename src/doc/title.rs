//! The title block (placeholder, being written).
use super::model::Document;
pub fn extract(_doc: &mut Document) {}
