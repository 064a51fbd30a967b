//! Sentences of a paragraph, for selecting and quoting by sentence. A sentence ends after
//! `。！？` (or `!?`, or `.` before a space), together with the closing quotes and brackets that
//! follow (`。”`); an ellipsis alone ends none, as it stands mid-sentence as often as at the end; `；` ends a clause and is a sentence end too, since official documents run
//! one point per clause. Text after the last end is a sentence of its own.
use std::ops::Range;

use super::punctuation::closes_bracket;

/// Byte ranges of the sentences of `text`, in order; together they cover `text` exactly, and
/// each starts at a character boundary. Leading whitespace belongs to the sentence it precedes.
#[must_use]
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let ends = match c {
            '。' | '！' | '？' | '；' | '!' | '?' => true,
            // An ASCII full stop ends a sentence only before a space or the end (`3.5` does not).
            '.' => chars.peek().is_none_or(|&(_, next)| next.is_whitespace()),
            _ => false,
        };
        if !ends {
            continue;
        }
        let mut end = i + c.len_utf8();
        // The marks that close what the sentence opened, and a run of the same mark (`……`, `？！`).
        while let Some(&(j, next)) = chars.peek() {
            if closes_bracket(next) || matches!(next, '…' | '！' | '？' | '!' | '?') {
                end = j + next.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        out.push(start..end);
        start = end;
    }
    if start < text.len() || out.is_empty() {
        out.push(start..text.len());
    }
    out
}

/// The sentence of `text` that holds byte `at` (the last one when `at` is past the end).
#[must_use]
pub fn sentence_at(text: &str, at: usize) -> Range<usize> {
    let all = sentences(text);
    let index = all.partition_point(|s| s.end <= at).min(all.len() - 1);
    all[index].clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn chinese_sentences_end_with_their_closing_marks() {
        assert_eq!(
            split("我们要坚持。要“稳中求进”。"),
            ["我们要坚持。", "要“稳中求进”。"]
        );
        assert_eq!(split("他说：“好。”然后走了"), ["他说：“好。”", "然后走了"]);
        assert_eq!(split("一是稳；二是进。"), ["一是稳；", "二是进。"]);
        assert_eq!(split("真的吗？！对"), ["真的吗？！", "对"]);
        // An ellipsis stands inside a sentence as often as at its end.
        assert_eq!(split("科技、教育……等领域。"), ["科技、教育……等领域。"]);
    }

    #[test]
    fn an_ascii_stop_ends_a_sentence_only_before_a_space() {
        assert_eq!(split("增长3.5%。"), ["增长3.5%。"]);
        assert_eq!(split("It grew. Then"), ["It grew.", " Then"]);
    }

    #[test]
    fn sentences_cover_the_text_exactly() {
        for text in ["", "无标点", "。", "a。b。", "“”。。", "末尾。 "] {
            let all = sentences(text);
            assert_eq!(all.first().map(|r| r.start), Some(0), "{text:?}");
            assert_eq!(all.last().map(|r| r.end), Some(text.len()), "{text:?}");
            for pair in all.windows(2) {
                assert_eq!(pair[0].end, pair[1].start, "{text:?}");
            }
        }
    }

    #[test]
    fn the_sentence_at_a_byte() {
        let text = "甲。乙。丙";
        assert_eq!(&text[sentence_at(text, 0)], "甲。");
        assert_eq!(&text[sentence_at(text, 6)], "乙。");
        assert_eq!(&text[sentence_at(text, text.len())], "丙");
        assert_eq!(&text[sentence_at(text, 999)], "丙");
    }
}
