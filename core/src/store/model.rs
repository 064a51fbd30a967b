//! What the state file holds, as serde types. Every table keeps the keys it does not know in
//! `extra`, so that a file written by a newer gangmu loses nothing when this one saves it.
use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::doc::Position;

/// The schema version this gangmu writes.
pub const STATE_VERSION: u32 = 1;

/// How many search patterns the history keeps.
pub const SEARCH_HISTORY_LIMIT: usize = 100;

/// The whole state file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct State {
    /// The schema version; a file without it is read as version 1.
    #[serde(default = "default_version")]
    pub version: u32,
    /// Search patterns, oldest first, without duplicates, at most [`SEARCH_HISTORY_LIMIT`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub search_history: Vec<String>,
    /// Per document, keyed by [`Document::fingerprint`](crate::doc::Document::fingerprint).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub documents: BTreeMap<String, DocState>,
    /// All bookmarks of all documents, in the order they were made.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bookmarks: Vec<Bookmark>,
    #[serde(flatten)]
    pub extra: toml::Table,
}

fn default_version() -> u32 {
    STATE_VERSION
}

impl Default for State {
    fn default() -> Self {
        Self {
            version: STATE_VERSION,
            search_history: Vec::new(),
            documents: BTreeMap::new(),
            bookmarks: Vec::new(),
            extra: toml::Table::new(),
        }
    }
}

/// What is remembered about one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocState {
    /// The path it was last opened from (or the sample's name).
    pub path: String,
    /// The reading position: the text position at the top of the reading pane.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "optional_position"
    )]
    pub position: Option<Position>,
    /// When it was last opened or read (RFC 3339).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub updated: String,
    #[serde(flatten)]
    pub extra: toml::Table,
}

/// A bookmarked passage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bookmark {
    /// Eight hex digits, unique in the file, never changed.
    pub id: String,
    /// Fingerprint of the document text it was last anchored in.
    pub document: String,
    /// Path of that document.
    pub path: String,
    /// The headings above the passage, outermost first.
    #[serde(default)]
    pub section: Vec<String>,
    /// Where the passage starts and ends (`[block, character offset]`, end exclusive).
    #[serde(with = "position_pair")]
    pub start: Position,
    #[serde(with = "position_pair")]
    pub end: Position,
    /// Up to [`CONTEXT_CHARS`](super::CONTEXT_CHARS) characters before the passage.
    #[serde(default)]
    pub before: String,
    /// The passage itself (blocks joined with a line break).
    pub quote: String,
    /// Up to [`CONTEXT_CHARS`](super::CONTEXT_CHARS) characters after the passage.
    #[serde(default)]
    pub after: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// When it was made (RFC 3339).
    pub created: String,
    /// Set when the passage could not be found in the document's current text.
    #[serde(default, skip_serializing_if = "is_false")]
    pub orphaned: bool,
    #[serde(flatten)]
    pub extra: toml::Table,
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_false(b: &bool) -> bool {
    !*b
}

/// A position is written as `[block, offset]` (one line, easy to edit); `{ block = …, offset =
/// … }` is read too. Read by hand rather than as an untagged enum, so that a mistake is told in
/// the file's terms ("expected a position: …") rather than serde's.
mod position_pair {
    use std::fmt;

    use serde::de::{self, IgnoredAny, MapAccess, SeqAccess, Unexpected, Visitor};

    use super::{Deserialize, Deserializer, Position, Serializer};

    /// A position as the file has it.
    pub(super) struct Written(pub(super) Position);

    impl<'de> Deserialize<'de> for Written {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            d.deserialize_any(PositionVisitor).map(Written)
        }
    }

    struct PositionVisitor;

    impl<'de> Visitor<'de> for PositionVisitor {
        type Value = Position;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a position: [block, offset] or { block = …, offset = … }")
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Position, A::Error> {
            let block = seq
                .next_element::<Count>()?
                .ok_or_else(|| de::Error::invalid_length(0, &self))?;
            let offset = seq
                .next_element::<Count>()?
                .ok_or_else(|| de::Error::invalid_length(1, &self))?;
            if seq.next_element::<IgnoredAny>()?.is_some() {
                return Err(de::Error::invalid_length(3, &self));
            }
            Ok(Position::new(block.0, offset.0))
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Position, A::Error> {
            let (mut block, mut offset) = (None, None);
            while let Some(key) = map.next_key::<String>()? {
                match key.as_str() {
                    "block" => block = Some(map.next_value::<Count>()?.0),
                    "offset" => offset = Some(map.next_value::<Count>()?.0),
                    other => return Err(de::Error::unknown_field(other, &["block", "offset"])),
                }
            }
            Ok(Position::new(
                block.ok_or_else(|| de::Error::missing_field("block"))?,
                offset.ok_or_else(|| de::Error::missing_field("offset"))?,
            ))
        }
    }

    /// A block index or character offset: a whole number, 0 or more.
    struct Count(usize);

    impl<'de> Deserialize<'de> for Count {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            d.deserialize_any(CountVisitor).map(Count)
        }
    }

    struct CountVisitor;

    impl Visitor<'_> for CountVisitor {
        type Value = usize;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a whole number, 0 or more")
        }

        fn visit_i64<E: de::Error>(self, v: i64) -> Result<usize, E> {
            usize::try_from(v).map_err(|_| E::invalid_value(Unexpected::Signed(v), &self))
        }

        fn visit_u64<E: de::Error>(self, v: u64) -> Result<usize, E> {
            usize::try_from(v).map_err(|_| E::invalid_value(Unexpected::Unsigned(v), &self))
        }
    }

    pub(super) fn serialize<S: Serializer>(pos: &Position, s: S) -> Result<S::Ok, S::Error> {
        serde::Serialize::serialize(&[pos.block, pos.offset], s)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Position, D::Error> {
        Written::deserialize(d).map(|w| w.0)
    }
}

mod optional_position {
    use super::{Deserialize, Deserializer, Position, Serializer, position_pair};

    #[allow(clippy::ref_option)] // serde's `with` passes a reference
    pub(super) fn serialize<S: Serializer>(
        pos: &Option<Position>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match pos {
            Some(p) => position_pair::serialize(p, s),
            None => s.serialize_none(),
        }
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Position>, D::Error> {
        Option::<position_pair::Written>::deserialize(d).map(|w| w.map(|w| w.0))
    }
}

impl State {
    /// Adds `pattern` as the newest entry, dropping an older copy and the oldest entries
    /// beyond the limit.
    pub fn push_search_history(&mut self, pattern: &str) {
        self.search_history.retain(|p| p != pattern);
        self.search_history.push(pattern.to_string());
        let excess = self
            .search_history
            .len()
            .saturating_sub(SEARCH_HISTORY_LIMIT);
        self.search_history.drain(..excess);
    }

    #[must_use]
    pub fn bookmark(&self, id: &str) -> Option<&Bookmark> {
        self.bookmarks.iter().find(|b| b.id == id)
    }

    pub fn bookmark_mut(&mut self, id: &str) -> Option<&mut Bookmark> {
        self.bookmarks.iter_mut().find(|b| b.id == id)
    }
}
