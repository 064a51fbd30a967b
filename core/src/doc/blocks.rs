//! The blocks every stage after the lines works on: a block's text with what the source's form
//! says of it, and how two source lines are joined into one text. A leaf of `doc`.

use super::model::Dropped;

/// A block of reflowed text before headings are recognised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawBlock {
    pub text: String,
    /// 1-based source line of the block's first line.
    pub source_line: usize,
    /// For a Markdown heading (`## …`), its number of `#`; the text no longer has them.
    pub md_level: Option<usize>,
    /// What the source's markup says the block is, beyond its text.
    pub shape: Shape,
    /// The whole block was emphasised (`**一、工作目标**`), as many copies mark headings.
    pub bold: bool,
}

/// The shape a block has in the source, where its markup says so (Markdown lists, tables,
/// code) or a region is recognised (a table of plain text). Only prose can be a heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Shape {
    #[default]
    Prose,
    /// An item of a numbered list (`1. …`, which keeps its number), or a later paragraph of any
    /// list item: numbered lists are not headings.
    ListItem,
    /// The first paragraph of an item of a bulleted list (`- …`, `* …`): its bullet is markup,
    /// and the reader draws one.
    BulletItem,
    /// One row of a table, its cells joined by ` | `.
    TableRow,
    /// Preformatted text (a code block): shown line by line, never reflowed.
    Code,
    /// A paragraph that is nothing but a link to a place in the document (`[1. Purpose](#sec1)`):
    /// an entry of a contents list, however numbered.
    ContentsEntry,
}

/// The result of [`reflow`](super::reflow).
#[derive(Debug, Clone, Default)]
pub struct Reflowed {
    pub blocks: Vec<RawBlock>,
    pub dropped: Vec<Dropped>,
    /// The fields of a Markdown front matter block (`title: …`), in order.
    pub front_matter: Vec<(String, String)>,
}

/// Appends a wrapped line to a paragraph: no space inside CJK text, one between Latin words,
/// none after a hyphen that splits a lowercase word.
pub fn join_line(block: &mut String, line: &str) {
    let last = block.chars().last();
    let first = line.chars().next();
    if let (Some(a), Some(b)) = (last, first)
        && needs_space(block, a, b)
    {
        block.push(' ');
    }
    block.push_str(line);
}

fn needs_space(block: &str, a: char, b: char) -> bool {
    let latin = |c: char| {
        c.is_ascii_alphanumeric() || ((c as u32) < 0x2E80 && c.is_alphabetic() && !is_cjk_punct(c))
    };
    if a == '-' {
        // `infor-` + `mation` stays one word; a hyphen after a space is a dash.
        let before = block.chars().rev().nth(1);
        return before.is_none_or(char::is_whitespace);
    }
    let a_latin = latin(a)
        || matches!(
            a,
            ',' | '.' | ';' | ':' | '!' | '?' | ')' | '"' | '\'' | '%'
        );
    let b_latin = latin(b) || matches!(b, '(' | '"' | '\'');
    if !(a_latin && b_latin) {
        return false;
    }
    // A figure or a Latin word cut by a hard wrap in Chinese text (`增长5.` + `2%`, `202` +
    // `5年`, `Java` + `Script平台`) is one token again: the run before the break stands right
    // after a Chinese character, not after a space.
    let run_start = block
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_ascii_alphanumeric() || matches!(c, '.' | ',' | '%' | '-')))
        .map(|(_, c)| c);
    !(b.is_ascii_alphanumeric() && run_start.is_some_and(is_cjk))
}

/// A Chinese, Japanese or Korean character, or their punctuation and full-width forms.
fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

/// Punctuation that behaves as CJK at a line join (CJK.md §2: “ ” ‘ ’ … — · are CJK here).
fn is_cjk_punct(c: char) -> bool {
    matches!(c, '“' | '”' | '‘' | '’' | '…' | '—' | '·')
}

#[cfg(test)]
mod tests {
    use super::join_line;

    fn joined(a: &str, b: &str) -> String {
        let mut text = a.to_string();
        join_line(&mut text, b);
        text
    }

    #[test]
    fn figures_and_words_cut_by_a_wrap_in_chinese_text_are_one_token() {
        assert_eq!(
            joined("全年经济增长5.", "2%，就业稳定"),
            "全年经济增长5.2%，就业稳定"
        );
        assert_eq!(joined("新建铁路320", "0公里"), "新建铁路3200公里");
        assert_eq!(joined("到202", "5年"), "到2025年");
        assert_eq!(joined("采用Java", "Script平台"), "采用JavaScript平台");
        // Latin text keeps its spaces.
        assert_eq!(
            joined("The report of", "2024 says"),
            "The report of 2024 says"
        );
        assert_eq!(joined("in 2024", "5 apples"), "in 2024 5 apples");
        assert_eq!(joined("我们", "要坚持"), "我们要坚持");
    }
}
