//! The jump list, as in vim and less: every jump (outline, search, `g`/`G`, a bookmark, the
//! section keys) remembers where the reader was, `ctrl-o` goes back and the forward key returns.
//! Scrolling line by line or page by page is no jump.
use crate::doc::Position;

/// How many places are remembered; the oldest are forgotten first.
const CAPACITY: usize = 100;

/// Places before the current one (`back`, newest last) and after it (`forward`, nearest last),
/// as vim keeps them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JumpList {
    back: Vec<Position>,
    forward: Vec<Position>,
}

impl JumpList {
    /// Remembers `from` before a jump away from it. A new jump forgets the places ahead (as in a
    /// browser), and the same place twice in a row is kept once.
    pub fn record(&mut self, from: Position) {
        self.forward.clear();
        if self.back.last() != Some(&from) {
            self.back.push(from);
            if self.back.len() > CAPACITY {
                self.back.remove(0);
            }
        }
    }

    /// The place to go back to from `current`, if any; `current` is kept to come forward to.
    pub fn back(&mut self, current: Position) -> Option<Position> {
        let mut target = self.back.pop()?;
        // Going back to where the reader already is would do nothing: go one further.
        if target == current {
            target = match self.back.pop() {
                Some(earlier) => earlier,
                None => {
                    self.back.push(target);
                    return None;
                }
            };
        }
        self.forward.push(current);
        Some(target)
    }

    /// The place to go forward to from `current`, if the reader went back before.
    pub fn forward(&mut self, current: Position) -> Option<Position> {
        let target = self.forward.pop()?;
        self.back.push(current);
        Some(target)
    }

    /// How many places lie behind and ahead, for the status bar.
    #[must_use]
    pub fn depth(&self) -> (usize, usize) {
        (self.back.len(), self.forward.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(block: usize) -> Position {
        Position::new(block, 0)
    }

    #[test]
    fn back_and_forward_retrace_the_jumps() {
        let mut jumps = JumpList::default();
        jumps.record(at(0)); // 0 → 10
        jumps.record(at(10)); // 10 → 20
        assert_eq!(jumps.back(at(20)), Some(at(10)));
        assert_eq!(jumps.back(at(10)), Some(at(0)));
        assert_eq!(jumps.back(at(0)), None);
        assert_eq!(jumps.forward(at(0)), Some(at(10)));
        assert_eq!(jumps.forward(at(10)), Some(at(20)));
        assert_eq!(jumps.forward(at(20)), None);
    }

    #[test]
    fn a_new_jump_forgets_the_places_ahead() {
        let mut jumps = JumpList::default();
        jumps.record(at(0));
        assert_eq!(jumps.back(at(5)), Some(at(0)));
        jumps.record(at(0)); // 0 → 7
        assert_eq!(jumps.forward(at(7)), None);
        assert_eq!(jumps.back(at(7)), Some(at(0)));
    }

    #[test]
    fn the_same_place_is_kept_once_and_the_list_is_bounded() {
        let mut jumps = JumpList::default();
        jumps.record(at(3));
        jumps.record(at(3));
        assert_eq!(jumps.depth(), (1, 0));
        // Back from the place itself goes nowhere rather than staying put.
        assert_eq!(jumps.back(at(3)), None);
        assert_eq!(jumps.depth(), (1, 0));
        for block in 0..CAPACITY + 10 {
            jumps.record(at(block));
        }
        assert_eq!(jumps.depth(), (CAPACITY, 0));
    }
}
