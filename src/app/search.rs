//! The text search as the reader runs it: the incremental search box, `n`/`N`, and the list of
//! every match grouped by section.
//!
//! On the first search (and again only when the traditional/simplified toggle changes) the
//! document is profiled into a [`Folding`]: which of its characters folding changes, not a
//! folded copy. Each keystroke in the box then starts a [`Scan`] of the text by the new
//! [`Matcher`], from where the box opened, and does as much of it as a short budget allows:
//! the event loop asks for the rest ([`Action::ContinueSearch`]) while no key is waiting, so
//! that a keystroke costs the same on any document. A character that narrows the pattern
//! (`协商` after `协`) looks only in the blocks of the matches before it. Enter, `n` and the
//! match list finish the scan first. Hits are positions in the text, so the highlights follow
//! the text through any change of width.
//!
//! The box ([`SearchPrompt`]) and the list ([`MatchList`]) are overlays: each handler takes its
//! overlay's state and returns the overlay that follows. What outlives them — the highlighted
//! search, the folded text, the toggles — belongs to the document's view ([`SearchState`]).

use crate::doc::{Document, Position};
use crate::layout::flow::RowPos;
use std::time::Duration;

use crate::search::{
    Budget, Folding, Hit, Hits, Matcher, PatternError, Progress, Scan, SearchOptions,
};

use super::overlay::Overlay;
use super::text_input::{Edit, TextInput};
use super::view::DocView;
use super::{Action, App};

/// What a document's view keeps about searching it.
#[derive(Debug)]
pub struct SearchState {
    /// What folding changes in the document, found on the first search.
    index: Option<Folding>,
    /// The search whose matches are highlighted (the one being typed, while the box is open).
    pub active: Option<ActiveSearch>,
    /// The toggles, kept from one search to the next.
    pub options: SearchOptions,
    /// How much of a search one keystroke does (a turn of the event loop while no key waits
    /// does `CONTINUE_STEPS` times as much).
    pub budget: Budget,
}

/// A part of a search takes at most this long: a keystroke, drawn, stays well within a frame.
const SEARCH_STEP: Duration = Duration::from_millis(8);

/// A part the event loop asks for while no key waits is this many keystrokes' parts long.
const CONTINUE_STEPS: u32 = 4;

impl Default for SearchState {
    fn default() -> Self {
        Self {
            index: None,
            active: None,
            options: SearchOptions::default(),
            budget: Budget::Time(SEARCH_STEP),
        }
    }
}

/// A pattern and its matches.
#[derive(Debug, Clone)]
pub struct ActiveSearch {
    pub pattern: String,
    pub options: SearchOptions,
    pub hits: Hits,
    /// The selected match, if any (the one `n`/`N` move from, shown as "3/17").
    pub current: Option<usize>,
    /// The scan still under way, while the box is open: `hits` then holds the matches from
    /// where the box opened on that it has found.
    pub scan: Option<Box<Scan>>,
}

impl ActiveSearch {
    /// Every match has been found.
    #[must_use]
    pub fn is_complete(&self) -> bool {
        self.scan.is_none()
    }

    /// The selected hit.
    #[must_use]
    pub fn current_hit(&self) -> Option<&Hit> {
        self.current.and_then(|i| self.hits.get(i))
    }
}

/// The search box: what is typed, and where to go back to.
#[derive(Debug, Clone)]
pub struct SearchPrompt {
    pub input: TextInput,
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
    fn new(doc: &Document, active: &ActiveSearch) -> Self {
        let mut rows = Vec::with_capacity(active.hits.len() + 16);
        let mut section = None;
        let mut selected = 0;
        for (i, hit) in active.hits.iter().enumerate() {
            let here = doc.blocks.get(hit.block).and_then(|b| b.section);
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

impl DocView {
    /// The search whose matches are highlighted, if any.
    #[must_use]
    pub fn active_search(&self) -> Option<&ActiveSearch> {
        self.search.active.as_ref()
    }

    /// The search options in force (the box's toggles).
    #[must_use]
    pub fn search_options(&self) -> SearchOptions {
        self.search.options
    }

    /// The selected match, when its first line is on screen.
    pub(super) fn current_hit_on_screen(&mut self) -> Option<Hit> {
        let hit = self.search.active.as_ref()?.current_hit().copied()?;
        self.is_on_screen(hit.position()).then_some(hit)
    }

    /// Selects hit `index` and moves the text to it (see [`DocView::reveal_from`]).
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

    /// Starts a scan for `matcher` from `from`, folding the document first if it has not been
    /// folded with the current options, and does its first part: the hits found, and the scan
    /// if it is not done. Where `matcher` narrows the active search (a character typed after
    /// `协`), only the blocks of its hits are looked in.
    fn start_search(&mut self, matcher: Matcher, from: Position) -> (Hits, Option<Box<Scan>>) {
        let fold_variants = self.search.options.fold_variants;
        if self
            .search
            .index
            .as_ref()
            .is_none_or(|i| i.folds_variants() != fold_variants)
        {
            self.search.index = Some(Folding::new(&self.doc, fold_variants));
        }
        let only = self
            .search
            .active
            .as_ref()
            // Only a literal pattern narrows: a regular expression is not compiled again.
            .filter(|active| active.is_complete() && !active.options.regex)
            .and_then(|active| {
                let wider = Matcher::new(&active.pattern, active.options).ok()?;
                matcher.narrows(&wider).then(|| active.hits.blocks())
            });
        let mut scan = Box::new(Scan::new(matcher, from.block, only));
        let mut hits = Hits::default();
        let Some(index) = self.search.index.as_ref() else {
            return (hits, None);
        };
        match index.scan_some(&self.doc, &mut scan, &mut hits, self.search.budget) {
            Progress::Going => (hits, Some(scan)),
            Progress::Done { .. } => (hits, None),
        }
    }

    /// Does the next part of the search under way in the box (all of it with an unlimited
    /// `budget`), and goes to the first match after where the box opened once one is found.
    pub(super) fn continue_search(&mut self, prompt: &SearchPrompt, budget: Budget) {
        let (Some(active), Some(index)) = (self.search.active.as_mut(), self.search.index.as_ref())
        else {
            return;
        };
        let Some(mut scan) = active.scan.take() else {
            return;
        };
        match index.scan_some(&self.doc, &mut scan, &mut active.hits, budget) {
            Progress::Going => active.scan = Some(scan),
            // The matches before where the box opened came in front.
            Progress::Done { prepended } => active.current = active.current.map(|c| c + prepended),
        }
        if active.current.is_none() {
            self.show_first_match(prompt);
        }
    }

    /// Selects the first match at or after where the box opened (wrapping to the first of the
    /// document once every match is known); with none, the text stays where it was.
    fn show_first_match(&mut self, prompt: &SearchPrompt) {
        let Some(active) = self.search.active.as_ref() else {
            return;
        };
        let first = active
            .hits
            .at_or_after(prompt.origin)
            .or_else(|| (active.is_complete() && !active.hits.is_empty()).then_some(0));
        match first {
            Some(i) => self.select_hit(i, prompt.origin_row),
            None => self.set_top_row(prompt.origin_row),
        }
    }

    /// Runs the pattern in the box: highlights its matches and shows the first one at or after
    /// where the text was when the box opened (wrapping to the first match of the document).
    fn run_prompt(&mut self, prompt: &mut SearchPrompt) {
        prompt.error = None;
        let options = self.search.options;
        let pattern = prompt.input.text().to_string();
        let matcher = match Matcher::new(&pattern, options) {
            Ok(m) => m,
            Err(e) => {
                if let PatternError::Regex(_) = e {
                    prompt.error = Some(e.to_string());
                }
                // Nothing (or nothing valid) to look for: no highlights, the text where it was.
                self.search.active = None;
                self.set_top_row(prompt.origin_row);
                return;
            }
        };
        let (hits, scan) = self.start_search(matcher, prompt.origin);
        self.search.active = Some(ActiveSearch {
            pattern,
            options,
            hits,
            current: None,
            scan,
        });
        self.show_first_match(prompt);
    }

    /// Moves to the next (or previous) match, wrapping around the document. From the selected
    /// match when it is on screen, else from the top of the reading pane. Returns what to tell
    /// the reader (no search, no match, wrapped), if anything.
    fn step_search(&mut self, forward: bool) -> Option<String> {
        let Some(active) = self.search.active.as_ref() else {
            return Some("no search".to_string());
        };
        let count = active.hits.len();
        if count == 0 {
            return Some(format!("no match for “{}”", active.pattern));
        }
        let current = active.current.zip(active.current_hit().copied());
        let top = self.top();
        let (from_hits_after, from_hits_before) = (
            active.hits.at_or_after(top),
            active.hits.previous_before(top),
        );
        let on_screen = current.filter(|&(_, hit)| self.is_on_screen(hit.position()));
        let next = match (on_screen, forward) {
            (Some((i, _)), true) => (i + 1 < count).then_some(i + 1),
            (Some((i, _)), false) => i.checked_sub(1),
            (None, true) => from_hits_after,
            (None, false) => from_hits_before,
        };
        let (next, message) = match next {
            Some(next) => (next, None),
            None if forward => (0, Some("search wrapped to the first match".to_string())),
            None => (
                count - 1,
                Some("search wrapped to the last match".to_string()),
            ),
        };
        let from = self.top_row();
        self.select_hit(next, from);
        message
    }
}

impl SearchPrompt {
    /// Where the text was when the box opened: where a search that is accepted jumped from.
    pub(super) fn origin(&self) -> Position {
        self.origin
    }
}

/// `/` in the reading pane: the search box, over the current view.
pub(super) fn open_prompt(view: &mut DocView) -> Overlay {
    Overlay::Search(SearchPrompt {
        input: TextInput::default(),
        error: None,
        origin_row: view.top_row(),
        origin: view.top(),
        previous: view.search.active.take(),
        history_at: None,
        typed: String::new(),
    })
}

/// Keys while the search box is open.
pub(super) fn prompt(app: &mut App, mut prompt: SearchPrompt, action: Action) -> Overlay {
    match action {
        Action::LineUp | Action::LineDown => {
            recall_history(app, &mut prompt, action == Action::LineUp);
        }
        Action::ToggleRegex => {
            let view = app.view_mut();
            view.search.options.regex = !view.search.options.regex;
            view.run_prompt(&mut prompt);
        }
        Action::ToggleVariants => {
            let view = app.view_mut();
            view.search.options.fold_variants = !view.search.options.fold_variants;
            view.run_prompt(&mut prompt);
        }
        Action::ContinueSearch => {
            // No key is waiting: a longer part, which a key typed meanwhile waits for at most
            // (fewer parts, each drawn, end the search sooner).
            let budget = match app.view().search.budget {
                Budget::Time(step) => Budget::Time(step * CONTINUE_STEPS),
                blocks @ Budget::Blocks(_) => blocks,
            };
            app.view_mut().continue_search(&prompt, budget);
        }
        Action::SearchNext | Action::SearchPrev => {
            let view = app.view_mut();
            view.continue_search(&prompt, Budget::Blocks(usize::MAX));
            app.message = view.step_search(action == Action::SearchNext);
        }
        Action::Accept | Action::Open => return accept_prompt(app, prompt),
        Action::SearchMatches => {
            let after = accept_prompt(app, prompt);
            return match after {
                Overlay::None if app.view().search.active.is_some() => open_list(app),
                other => other,
            };
        }
        Action::Cancel => return cancel_prompt(app, prompt),
        // The text scrolls under the box; not Help: the box would stay open behind it.
        Action::Wheel { .. } => {
            return super::normal::handle(app, action).or_back_to(Overlay::Search(prompt));
        }
        _ => match prompt.input.apply(&action) {
            Edit::Changed => {
                prompt.history_at = None;
                app.view_mut().run_prompt(&mut prompt);
            }
            Edit::BackspaceOnEmpty => return cancel_prompt(app, prompt),
            Edit::Moved | Edit::NotAnEdit => {}
        },
    }
    Overlay::Search(prompt)
}

/// Up (older) or Down (newer) through the search history; past the newest entry, what was
/// typed comes back.
fn recall_history(app: &mut App, prompt: &mut SearchPrompt, older: bool) {
    let len = app.search_history.len();
    if len == 0 {
        return;
    }
    let next = match (prompt.history_at, older) {
        (None, true) => {
            prompt.typed = prompt.input.text().to_string();
            Some(len - 1)
        }
        (None, false) => return,
        (Some(i), true) => Some(i.saturating_sub(1)),
        (Some(i), false) => (i + 1 < len).then_some(i + 1),
    };
    prompt.history_at = next;
    let text = match next.and_then(|i| app.search_history.get(i)) {
        Some(entry) => entry.clone(),
        None => prompt.typed.clone(),
    };
    prompt.input.set_text(text);
    app.view_mut().run_prompt(prompt);
}

/// Enter: keeps the matches highlighted and the text where it is, and records the pattern.
fn accept_prompt(app: &mut App, prompt: SearchPrompt) -> Overlay {
    if prompt.error.is_some() {
        // The error stays in the box until the pattern is fixed.
        return Overlay::Search(prompt);
    }
    let pattern = prompt.input.text().to_string();
    if pattern.trim().is_empty() {
        return cancel_prompt(app, prompt);
    }
    remember_pattern(app, &pattern);
    let view = app.view_mut();
    // The search kept is a whole one: `n`, `N` and the list count on every match.
    view.continue_search(&prompt, Budget::Blocks(usize::MAX));
    if view
        .search
        .active
        .as_ref()
        .is_none_or(|a| a.hits.is_empty())
    {
        view.search.active = None;
        view.set_top_row(prompt.origin_row);
        app.message = Some(format!("no match for “{pattern}”"));
    }
    Overlay::None
}

fn remember_pattern(app: &mut App, pattern: &str) {
    let history = &mut app.search_history;
    history.retain(|p| p != pattern);
    history.push(pattern.to_string());
    let excess = history
        .len()
        .saturating_sub(crate::store::SEARCH_HISTORY_LIMIT);
    history.drain(..excess);
    app.storage.push_search_history(pattern);
}

/// Esc: the text goes back to where it was, and the previous search (if any) is restored.
fn cancel_prompt(app: &mut App, prompt: SearchPrompt) -> Overlay {
    let view = app.view_mut();
    view.search.active = prompt.previous;
    view.set_top_row(prompt.origin_row);
    Overlay::None
}

/// `n` / `N` outside the box.
pub(super) fn step(app: &mut App, forward: bool) {
    if app.view().search.active.is_none() {
        app.message = Some(no_search_yet(app, &[]));
        return;
    }
    app.message = app.view_mut().step_search(forward);
}

/// "no search: / searches the text", with what may follow (`then S lists the matches`), the
/// keys named as they are bound.
fn no_search_yet(app: &App, then: &[(Action, &str)]) -> String {
    let mut message = "no search".to_string();
    if let Some(search) = app.config.keys.hint(&Action::Search, "searches the text") {
        message.push_str(": ");
        message.push_str(&search);
        for (action, what) in then {
            if let Some(next) = app.config.keys.hint(action, what) {
                message.push_str(", then ");
                message.push_str(&next);
            }
        }
    }
    message
}

/// Esc in the reading pane: the highlights go.
pub(super) fn clear(view: &mut DocView) {
    view.search.active = None;
}

/// `S` (or Tab in the box): the list of every match, grouped by section.
pub(super) fn open_list(app: &mut App) -> Overlay {
    let view = app.view();
    let Some(active) = view.search.active.as_ref() else {
        app.message = Some(no_search_yet(
            app,
            &[(Action::SearchMatches, "lists the matches")],
        ));
        return Overlay::None;
    };
    if active.hits.is_empty() {
        app.message = Some(format!("no match for “{}”", active.pattern));
        return Overlay::None;
    }
    Overlay::Matches(MatchList::new(&view.doc, active))
}

/// Keys in the match list.
pub(super) fn list(app: &mut App, mut list: MatchList, action: Action) -> Overlay {
    let height = app.list_rows();
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
            if let Some(i) = list.selected_hit() {
                let view = app.view_mut();
                let from = view.top_row();
                view.select_hit(i, from);
            }
            return Overlay::None;
        }
        Action::Cancel | Action::SearchMatches => return Overlay::None,
        _ => {}
    }
    Overlay::Matches(list)
}
