//! The text search as the reader runs it: the incremental search box, `n`/`N`, and the list of
//! every match grouped by section.
//!
//! The document is folded once, into a [`SearchIndex`], on the first search (and again only when
//! the traditional/simplified toggle changes); each keystroke in the box then costs one scan of
//! the folded text by the new [`Matcher`]. Hits are positions in the text, so the highlights
//! follow the text through any change of width.

use crate::doc::Position;
use crate::layout::flow::RowPos;
use crate::search::{Hit, Hits, Matcher, PatternError, SearchIndex, SearchOptions};

use super::{Action, App, Mode};

/// Everything about searching the text.
#[derive(Debug, Default)]
pub struct SearchState {
    /// The folded document, built on the first search.
    index: Option<SearchIndex>,
    /// The search whose matches are highlighted (the one being typed, while the box is open).
    pub active: Option<ActiveSearch>,
    /// The search box, while it is open.
    pub prompt: Option<SearchPrompt>,
    /// The toggles, kept from one search to the next.
    pub options: SearchOptions,
    /// Past patterns, oldest first (from the state file, and this run's).
    pub history: Vec<String>,
    /// The list of every match, while it is shown.
    pub list: Option<MatchList>,
}

/// A pattern and its matches.
#[derive(Debug, Clone)]
pub struct ActiveSearch {
    pub pattern: String,
    pub options: SearchOptions,
    pub hits: Hits,
    /// The selected match, if any (the one `n`/`N` move from, shown as "3/17").
    pub current: Option<usize>,
}

impl ActiveSearch {
    /// The selected hit.
    #[must_use]
    pub fn current_hit(&self) -> Option<&Hit> {
        self.current.and_then(|i| self.hits.get(i))
    }
}

/// The search box.
#[derive(Debug, Clone)]
pub struct SearchPrompt {
    pub input: String,
    /// Why the pattern cannot be used (a bad regular expression), shown in the box.
    pub error: Option<String>,
    /// Where the text was when the box opened: matches are looked for from here, and Esc
    /// returns here.
    origin_row: RowPos,
    origin: Position,
    /// The search that was active before, restored by Esc.
    previous: Option<ActiveSearch>,
    /// While recalling the history with Up/Down: the entry shown, and what had been typed.
    history_at: Option<usize>,
    typed: String,
}

/// One row of the match list: a section's heading, or a match under it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchRow {
    /// The innermost section of the matches that follow (`None` before the first heading).
    Section(Option<usize>),
    /// A match, by its index in the hits.
    Hit(usize),
}

/// The list of every match, grouped by section (built when it opens: one entry per match).
#[derive(Debug, Clone, Default)]
pub struct MatchList {
    pub rows: Vec<MatchRow>,
    /// The selected row (always a [`MatchRow::Hit`] when there is one).
    pub selected: usize,
    /// The first row shown.
    pub offset: usize,
}

impl MatchList {
    fn new(app: &App, active: &ActiveSearch) -> Self {
        let mut rows = Vec::with_capacity(active.hits.len() + 16);
        let mut section = None;
        let mut selected = 0;
        for (i, hit) in active.hits.iter().enumerate() {
            let here = app.doc.blocks.get(hit.block).and_then(|b| b.section);
            if i == 0 || here != section {
                rows.push(MatchRow::Section(here));
                section = here;
            }
            if active.current == Some(i) {
                selected = rows.len();
            }
            rows.push(MatchRow::Hit(i));
        }
        let mut list = Self {
            rows,
            selected,
            offset: 0,
        };
        if !matches!(list.rows.get(list.selected), Some(MatchRow::Hit(_))) {
            list.selected = list.next_hit_row(0, true).unwrap_or(0);
        }
        list
    }

    /// The hit row nearest `from` in the given direction (`from` itself included).
    fn next_hit_row(&self, from: usize, forward: bool) -> Option<usize> {
        let is_hit = |r: &usize| matches!(self.rows.get(*r), Some(MatchRow::Hit(_)));
        if forward {
            (from..self.rows.len()).find(is_hit)
        } else {
            (0..=from.min(self.rows.len().saturating_sub(1)))
                .rev()
                .find(is_hit)
        }
    }

    /// Moves the selection by `delta` rows, landing on a match.
    fn move_by(&mut self, delta: isize) {
        let target = self.selected.saturating_add_signed(delta);
        let target = target.min(self.rows.len().saturating_sub(1));
        let forward = delta >= 0;
        self.selected = self
            .next_hit_row(target, forward)
            .or_else(|| self.next_hit_row(target, !forward))
            .unwrap_or(self.selected);
    }

    /// The selected match's index in the hits.
    #[must_use]
    pub fn selected_hit(&self) -> Option<usize> {
        match self.rows.get(self.selected) {
            Some(MatchRow::Hit(i)) => Some(*i),
            _ => None,
        }
    }

    /// Keeps the selection (and its section's heading just above it) within `height` rows.
    pub(super) fn scroll_to_selection(&mut self, height: usize) {
        let height = height.max(1);
        let with_heading = if self.selected > 0
            && matches!(self.rows.get(self.selected - 1), Some(MatchRow::Section(_)))
        {
            self.selected - 1
        } else {
            self.selected
        };
        if with_heading < self.offset {
            self.offset = with_heading;
        } else if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
        self.offset = self.offset.min(self.rows.len().saturating_sub(height));
    }
}

impl App {
    /// The search whose matches are highlighted, if any.
    #[must_use]
    pub fn active_search(&self) -> Option<&ActiveSearch> {
        self.search.active.as_ref()
    }

    /// The search box, while it is open.
    #[must_use]
    pub fn search_prompt(&self) -> Option<&SearchPrompt> {
        self.search.prompt.as_ref()
    }

    /// True when the first line of `hit` is on screen.
    pub(super) fn hit_on_screen(&mut self, hit: Hit) -> bool {
        let top = self.top_row;
        self.with_flow(|flow, height| {
            let row = flow.row_of(hit.position());
            row >= top && row <= flow.down(top, height.saturating_sub(1))
        })
    }

    /// Selects hit `index` and moves the text to it (see [`App::reveal_from`]).
    fn select_hit(&mut self, index: usize, from: RowPos) {
        let Some(active) = self.search.active.as_mut() else {
            return;
        };
        let Some(hit) = active.hits.get(index).copied() else {
            return;
        };
        active.current = Some(index);
        self.reveal_from(from, hit.position());
    }

    /// Folds the document if it has not been folded with the current options.
    fn ensure_index(&mut self) {
        let fold_variants = self.search.options.fold_variants;
        if self
            .search
            .index
            .as_ref()
            .is_none_or(|i| i.folds_variants() != fold_variants)
        {
            // Drop the old one first: two folded copies of a large report are not needed.
            self.search.index = None;
            self.search.index = Some(SearchIndex::new(&self.doc, fold_variants));
        }
    }

    /// Runs the pattern in the box: highlights its matches and shows the first one at or after
    /// where the text was when the box opened (wrapping to the first match of the document).
    fn run_prompt(&mut self) {
        let Some(prompt) = self.search.prompt.as_mut() else {
            return;
        };
        prompt.error = None;
        let (pattern, origin_row, origin) =
            (prompt.input.clone(), prompt.origin_row, prompt.origin);
        let options = self.search.options;
        let matcher = match Matcher::new(&pattern, options) {
            Ok(m) => m,
            Err(e) => {
                if let (PatternError::Regex(_), Some(prompt)) = (&e, self.search.prompt.as_mut()) {
                    prompt.error = Some(e.to_string());
                }
                // Nothing (or nothing valid) to look for: no highlights, the text where it was.
                self.search.active = None;
                self.set_top_row(origin_row);
                return;
            }
        };
        self.ensure_index();
        let hits = self
            .search
            .index
            .as_ref()
            .map(|index| index.find_all(&matcher))
            .unwrap_or_default();
        let first = hits
            .at_or_after(origin)
            .or(if hits.is_empty() { None } else { Some(0) });
        self.search.active = Some(ActiveSearch {
            pattern,
            options,
            hits,
            current: None,
        });
        match first {
            Some(i) => self.select_hit(i, origin_row),
            None => self.set_top_row(origin_row),
        }
    }

    /// Moves to the next (or previous) match, wrapping around the document. From the selected
    /// match when it is on screen, else from the top of the reading pane.
    fn step_search(&mut self, forward: bool) {
        let Some(active) = self.search.active.as_ref() else {
            self.message = Some("no search: / searches the text".to_string());
            return;
        };
        let count = active.hits.len();
        if count == 0 {
            self.message = Some(format!("no match for “{}”", active.pattern));
            return;
        }
        let current = active.current.zip(active.current_hit().copied());
        let top = self.top;
        let (from_hits_after, from_hits_before) = (
            active.hits.at_or_after(top),
            active.hits.previous_before(top),
        );
        let on_screen = current.filter(|&(_, hit)| self.hit_on_screen(hit));
        let next = match (on_screen, forward) {
            (Some((i, _)), true) => (i + 1 < count).then_some(i + 1),
            (Some((i, _)), false) => i.checked_sub(1),
            (None, true) => from_hits_after,
            (None, false) => from_hits_before,
        };
        let next = next.unwrap_or_else(|| {
            self.message = Some(if forward {
                "search wrapped to the first match".to_string()
            } else {
                "search wrapped to the last match".to_string()
            });
            if forward { 0 } else { count - 1 }
        });
        let from = self.top_row;
        self.select_hit(next, from);
    }
}

/// `/` in the reading pane: opens the search box.
pub(super) fn open_prompt(app: &mut App) {
    app.search.prompt = Some(SearchPrompt {
        input: String::new(),
        error: None,
        origin_row: app.top_row,
        origin: app.top,
        previous: app.search.active.take(),
        history_at: None,
        typed: String::new(),
    });
    app.search.list = None;
    app.mode = Mode::Search;
}

fn close_prompt(app: &mut App) {
    app.search.prompt = None;
    app.mode = Mode::Normal;
}

/// Keys while the search box is open.
pub(super) fn update_prompt(app: &mut App, action: Action) {
    let Some(prompt) = app.search.prompt.as_mut() else {
        app.mode = Mode::Normal;
        return;
    };
    match action {
        Action::InsertChar(c) => {
            prompt.input.push(c);
            prompt.history_at = None;
            app.run_prompt();
        }
        Action::DeleteChar => {
            if prompt.input.pop().is_none() {
                cancel_prompt(app);
                return;
            }
            prompt.history_at = None;
            app.run_prompt();
        }
        Action::LineUp | Action::LineDown => {
            recall_history(app, action == Action::LineUp);
        }
        Action::ToggleRegex => {
            app.search.options.regex = !app.search.options.regex;
            app.run_prompt();
        }
        Action::ToggleVariants => {
            app.search.options.fold_variants = !app.search.options.fold_variants;
            app.run_prompt();
        }
        Action::SearchNext | Action::SearchPrev => {
            app.step_search(action == Action::SearchNext);
        }
        Action::Accept | Action::Open => accept_prompt(app),
        Action::SearchMatches => {
            accept_prompt(app);
            if app.mode == Mode::Normal && app.search.active.is_some() {
                open_list(app);
            }
        }
        Action::Cancel => cancel_prompt(app),
        Action::Quit => app.quit = true,
        // Not Help: the box would stay open behind it.
        Action::Resize { .. } | Action::Wheel { .. } => super::update_normal(app, action),
        _ => {}
    }
}

/// Up (older) or Down (newer) through the search history; past the newest entry, what was
/// typed comes back.
fn recall_history(app: &mut App, older: bool) {
    let len = app.search.history.len();
    let Some(prompt) = app.search.prompt.as_mut() else {
        return;
    };
    if len == 0 {
        return;
    }
    let next = match (prompt.history_at, older) {
        (None, true) => {
            prompt.typed = prompt.input.clone();
            Some(len - 1)
        }
        (None, false) => return,
        (Some(i), true) => Some(i.saturating_sub(1)),
        (Some(i), false) => (i + 1 < len).then_some(i + 1),
    };
    prompt.history_at = next;
    prompt.input = match next {
        Some(i) => app.search.history[i].clone(),
        None => prompt.typed.clone(),
    };
    app.run_prompt();
}

/// Enter: keeps the matches highlighted and the text where it is, and records the pattern.
fn accept_prompt(app: &mut App) {
    let Some(prompt) = app.search.prompt.as_ref() else {
        return;
    };
    if prompt.error.is_some() {
        // The error stays in the box until the pattern is fixed.
        return;
    }
    let pattern = prompt.input.clone();
    if pattern.trim().is_empty() {
        cancel_prompt(app);
        return;
    }
    let origin_row = prompt.origin_row;
    remember_pattern(app, &pattern);
    close_prompt(app);
    if app.search.active.as_ref().is_none_or(|a| a.hits.is_empty()) {
        app.search.active = None;
        app.set_top_row(origin_row);
        app.message = Some(format!("no match for “{pattern}”"));
    }
}

fn remember_pattern(app: &mut App, pattern: &str) {
    app.search.history.retain(|p| p != pattern);
    app.search.history.push(pattern.to_string());
    let excess = app
        .search
        .history
        .len()
        .saturating_sub(crate::store::SEARCH_HISTORY_LIMIT);
    app.search.history.drain(..excess);
    app.storage.push_search_history(pattern);
}

/// Esc: the text goes back to where it was, and the previous search (if any) is restored.
fn cancel_prompt(app: &mut App) {
    let Some(prompt) = app.search.prompt.take() else {
        return;
    };
    app.search.active = prompt.previous;
    app.set_top_row(prompt.origin_row);
    app.mode = Mode::Normal;
}

/// `n` / `N` outside the box.
pub(super) fn step(app: &mut App, forward: bool) {
    app.step_search(forward);
}

/// Esc in the reading pane: the highlights go.
pub(super) fn clear(app: &mut App) -> bool {
    app.search.active.take().is_some()
}

/// `S` (or Tab in the box): the list of every match, grouped by section.
pub(super) fn open_list(app: &mut App) {
    let Some(active) = app.search.active.as_ref() else {
        app.message = Some("no search: / searches the text, then S lists the matches".to_string());
        return;
    };
    if active.hits.is_empty() {
        app.message = Some(format!("no match for “{}”", active.pattern));
        return;
    }
    let list = MatchList::new(app, active);
    app.search.list = Some(list);
    app.mode = Mode::Matches;
}

/// Keys in the match list.
pub(super) fn update_list(app: &mut App, action: Action) {
    let height = app.list_rows();
    let Some(list) = app.search.list.as_mut() else {
        app.mode = Mode::Normal;
        return;
    };
    let page = isize::try_from(height.saturating_sub(1).max(1)).unwrap_or(1);
    match action {
        Action::LineDown => list.move_by(1),
        Action::LineUp => list.move_by(-1),
        Action::HalfPageDown => list.move_by(page / 2),
        Action::HalfPageUp => list.move_by(-page / 2),
        Action::PageDown => list.move_by(page),
        Action::PageUp => list.move_by(-page),
        Action::Top => list.move_by(isize::MIN / 2),
        Action::Bottom => list.move_by(isize::MAX / 2),
        Action::Wheel { down, .. } => list.move_by(if down { 3 } else { -3 }),
        Action::Open | Action::Accept => {
            let chosen = list.selected_hit();
            app.search.list = None;
            app.mode = Mode::Normal;
            if let Some(i) = chosen {
                let from = app.top_row;
                app.select_hit(i, from);
            }
        }
        Action::Cancel | Action::Quit | Action::SearchMatches => {
            app.search.list = None;
            app.mode = Mode::Normal;
        }
        Action::Resize { columns, rows } => {
            app.screen = ratatui::layout::Rect::new(0, 0, columns, rows);
        }
        _ => {}
    }
}

impl App {
    /// The list of every match, while it is shown.
    #[must_use]
    pub fn match_list(&self) -> Option<&MatchList> {
        self.search.list.as_ref()
    }

    /// The search options in force (the box's toggles).
    #[must_use]
    pub fn search_options(&self) -> SearchOptions {
        self.search.options
    }

    /// Past search patterns, oldest first.
    #[must_use]
    pub fn search_history(&self) -> &[String] {
        &self.search.history
    }
}
