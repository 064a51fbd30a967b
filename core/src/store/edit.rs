//! Saving edits the file in place: the README invites people to edit the state file by hand,
//! so what they wrote — comments, blank lines, key order, the spelling of a value — stays
//! wherever gangmu has nothing to change. The new state is serialised as usual and then laid
//! over the file's own syntax tree (`toml_edit`): a value that is the same is left untouched, a
//! changed one takes the place (and the comments) of the old, tables are merged key by key,
//! and `[[bookmarks]]` are matched by their `id`.
//!
//! The merged text is parsed back before it is used: if it does not hold exactly the new
//! state, the plain serialisation is written instead (comments lost, never data).
use toml_edit::{ArrayOfTables, DocumentMut, InlineTable, Item, Table, Value};

use super::model::State;

/// Written at the top of a new file, for whoever opens it in an editor.
pub(super) const HEADER: &str = "# gangmu state: bookmarks, reading positions and search \
                                 history.\n# You may edit this file while gangmu is not running; \
                                 see gangmu's README, section \"State file\".\n\n";

/// The text to write for `state`, given the file's current text (`None` for a new file).
///
/// # Errors
/// `state` cannot be written as TOML (it came from TOML, so this does not happen).
pub fn updated_text(old: Option<&str>, state: &State) -> Result<String, toml::ser::Error> {
    let body = toml::to_string(state)?;
    let Some(old) = old.filter(|t| !t.trim().is_empty()) else {
        return Ok(format!("{HEADER}{body}"));
    };
    Ok(match merged(old, &body) {
        Some(text) if toml::from_str::<State>(&text).is_ok_and(|s| s == *state) => text,
        _ => format!("{HEADER}{body}"),
    })
}

/// `body` laid over `old`; `None` when either does not parse.
fn merged(old: &str, body: &str) -> Option<String> {
    let mut doc: DocumentMut = old.parse().ok()?;
    let new: DocumentMut = body.parse().ok()?;
    if doc.as_table().is_empty() {
        // Only comments so far: they stay on top (toml_edit would keep them after the keys).
        let mut text = old.to_string();
        if !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(body);
        return Some(text);
    }
    merge_table(doc.as_table_mut(), new.into_table());
    Some(doc.to_string())
}

fn merge_table(old: &mut Table, new: Table) {
    let gone: Vec<String> = old
        .iter()
        .map(|(k, _)| k.to_string())
        .filter(|k| !new.contains_key(k))
        .collect();
    for key in gone {
        old.remove(&key);
    }
    for (key, mut item) in new {
        if item.is_none() {
            continue;
        }
        match old.get_mut(&key) {
            Some(existing) => merge_item(existing, item),
            None => {
                clear_positions(&mut item);
                old.insert(&key, item);
            }
        }
    }
}

fn merge_item(old: &mut Item, new: Item) {
    match (old, new) {
        (Item::Table(o), Item::Table(n)) => merge_table(o, n),
        // The same table, written the other way: keep the file's way.
        (Item::Table(o), Item::Value(Value::InlineTable(n))) => merge_table(o, n.into_table()),
        (Item::Value(Value::InlineTable(o)), Item::Table(n)) => {
            merge_inline(o, n.into_inline_table());
        }
        (Item::Value(o), Item::Value(n)) => merge_value(o, n),
        (Item::ArrayOfTables(o), Item::ArrayOfTables(n)) => merge_array_of_tables(o, n),
        (old, mut new) => {
            clear_positions(&mut new);
            *old = new;
        }
    }
}

fn merge_inline(old: &mut InlineTable, new: InlineTable) {
    let gone: Vec<String> = old
        .iter()
        .map(|(k, _)| k.to_string())
        .filter(|k| !new.contains_key(k))
        .collect();
    for key in gone {
        old.remove(&key);
    }
    for (key, value) in new {
        match old.get_mut(&key) {
            Some(existing) => merge_value(existing, value),
            None => {
                old.insert(key, value);
            }
        }
    }
}

fn merge_value(old: &mut Value, new: Value) {
    if same_value(old, &new) {
        return;
    }
    if let (Value::InlineTable(o), Value::InlineTable(n)) = (&mut *old, &new) {
        merge_inline(o, n.clone());
        return;
    }
    // The comment after the value, and the spacing around it, belong to the line.
    let decor = old.decor().clone();
    *old = new;
    *old.decor_mut() = decor;
}

/// `[[bookmarks]]` and any other array of tables: a table with an `id` is matched with the
/// old table of the same id, one without by its place; the order is the new one.
fn merge_array_of_tables(old: &mut ArrayOfTables, new: ArrayOfTables) {
    let mut spare: Vec<Option<Table>> = std::mem::take(old).into_iter().map(Some).collect();
    let mut merged = ArrayOfTables::new();
    for (i, mut table) in new.into_iter().enumerate() {
        let found = match table_id(&table) {
            Some(id) => spare
                .iter()
                .position(|t| t.as_ref().is_some_and(|t| table_id(t) == Some(id))),
            None => Some(i).filter(|&i| spare.get(i).is_some_and(Option::is_some)),
        };
        match found.and_then(|j| spare.get_mut(j)).and_then(Option::take) {
            Some(mut kept) => {
                merge_table(&mut kept, table);
                merged.push(kept);
            }
            None => {
                clear_table_positions(&mut table);
                merged.push(table);
            }
        }
    }
    *old = merged;
}

fn table_id(table: &Table) -> Option<&str> {
    table.get("id").and_then(Item::as_str)
}

/// A table brought over from the new serialisation carries its place in *that* text; without
/// one it is written after the table before it, which is where it belongs.
fn clear_positions(item: &mut Item) {
    match item {
        Item::Table(t) => clear_table_positions(t),
        Item::ArrayOfTables(a) => {
            for t in a.iter_mut() {
                clear_table_positions(t);
            }
        }
        Item::None | Item::Value(_) => {}
    }
}

fn clear_table_positions(table: &mut Table) {
    table.set_position(None);
    for (_, item) in table.iter_mut() {
        clear_positions(item);
    }
}

/// The same value, however it is spelled (`'a'` and `"a"`, `0x10` and `16`).
fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(x), Value::String(y)) => x.value() == y.value(),
        (Value::Integer(x), Value::Integer(y)) => x.value() == y.value(),
        (Value::Float(x), Value::Float(y)) => x.value().to_bits() == y.value().to_bits(),
        (Value::Boolean(x), Value::Boolean(y)) => x.value() == y.value(),
        (Value::Datetime(x), Value::Datetime(y)) => x.value() == y.value(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(a, b)| same_value(a, b))
        }
        (Value::InlineTable(x), Value::InlineTable(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_value(v, w)))
        }
        _ => false,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn state(text: &str) -> State {
        toml::from_str(text).unwrap()
    }

    #[test]
    fn comments_and_spelling_stay_where_nothing_changed() {
        let old = "# my bookmarks\nversion = 1 # schema\n\n# recent searches\nsearch_history = \
                   ['协商'] # oldest first\n\n[documents.abc] # the report\npath = \"/r.txt\"\n";
        let mut new = state(old);
        new.push_search_history("民主");
        let text = updated_text(Some(old), &new).unwrap();
        assert_eq!(
            text,
            "# my bookmarks\nversion = 1 # schema\n\n# recent searches\nsearch_history = \
             [\"协商\", \"民主\"] # oldest first\n\n[documents.abc] # the report\npath = \
             \"/r.txt\"\n"
        );
    }

    #[test]
    fn a_new_file_gets_the_header() {
        let text = updated_text(None, &State::default()).unwrap();
        assert!(text.starts_with(HEADER), "{text}");
        assert_eq!(state(&text), State::default());
    }
}
