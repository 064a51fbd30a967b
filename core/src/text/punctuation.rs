//! Punctuation classes of Chinese line breaking (GB/T 15834, W3C clreq), kept once: the wrapper
//! uses them to keep a mark off the start or end of a display line, and reflow uses the same
//! classes to tell that a hard-wrapped source line continues the previous one.

/// Marks that close a clause or sentence, full-width and ASCII (`。，、；：？！` `.,;:?!`), and
/// the colons' presentation forms (see [`COLONS`]; not the ratio sign `∶`, which stands
/// between figures, `1∶500`).
#[must_use]
pub const fn closes_clause(c: char) -> bool {
    matches!(
        c,
        '。' | '．'
            | '，'
            | '、'
            | '；'
            | '：'
            | '？'
            | '！'
            | '.'
            | ','
            | ';'
            | ':'
            | '?'
            | '!'
            | '︰'
            | '﹕'
    )
}

/// The colons a lead-in or a label ends in: full-width and ASCII, and the presentation forms
/// that some databases print instead (`︰` U+FE30 throughout Taiwan's national law database,
/// `﹕` U+FE55), and the ratio sign `∶` typed for one.
pub const COLONS: [char; 5] = ['：', ':', '︰', '﹕', '∶'];

/// Closing brackets and quotation marks, full-width and ASCII.
#[must_use]
pub const fn closes_bracket(c: char) -> bool {
    matches!(
        c,
        '）' | '］'
            | '｝'
            | '〕'
            | '〉'
            | '》'
            | '」'
            | '』'
            | '】'
            | '〗'
            | '〙'
            | '”'
            | '’'
            | ')'
            | ']'
            | '}'
    )
}

/// Opening brackets and quotation marks, full-width and ASCII.
#[must_use]
pub const fn opens_bracket(c: char) -> bool {
    matches!(
        c,
        '（' | '［'
            | '｛'
            | '〔'
            | '〈'
            | '《'
            | '「'
            | '『'
            | '【'
            | '〖'
            | '〘'
            | '“'
            | '‘'
            | '('
            | '['
            | '{'
    )
}

/// Never at the start of a display line: closing marks, middle dots, and the signs that follow a
/// number (`%`, `℃`).
#[must_use]
pub const fn is_no_line_start(c: char) -> bool {
    closes_clause(c)
        || closes_bracket(c)
        || matches!(c, '·' | '・' | '～' | '%' | '％' | '‰' | '℃' | '°')
}

/// Never at the end of a display line: opening marks, and the currency signs that precede a
/// number.
#[must_use]
pub const fn is_no_line_end(c: char) -> bool {
    opens_bracket(c) || matches!(c, '￥' | '¥' | '$' | '＄')
}

/// Full-width punctuation that cannot begin a sentence: a hard-wrapped source line that starts
/// with one continues the line before it. ASCII marks are left out, because in mixed text they
/// also begin list items and abbreviations.
#[must_use]
pub fn continues_line(c: char) -> bool {
    !c.is_ascii() && (closes_clause(c) || closes_bracket(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closing_marks_never_start_a_line_and_opening_marks_never_end_one() {
        for c in ['。', '，', '）', '》', '”', '%', '℃', ')'] {
            assert!(is_no_line_start(c), "{c}");
            assert!(!is_no_line_end(c), "{c}");
        }
        for c in ['（', '《', '“', '(', '￥'] {
            assert!(is_no_line_end(c), "{c}");
            assert!(!is_no_line_start(c), "{c}");
        }
        assert!(!is_no_line_start('中') && !is_no_line_end('中'));
    }

    #[test]
    fn only_full_width_closing_marks_continue_a_source_line() {
        assert!(continues_line('，') && continues_line('）') && continues_line('”'));
        assert!(!continues_line(',') && !continues_line(')') && !continues_line('·'));
        assert!(!continues_line('（') && !continues_line('一'));
        // The colons Taiwan's law database prints: a line starting with one goes on.
        assert!(continues_line('︰') && continues_line('﹕') && !continues_line('∶'));
    }
}
