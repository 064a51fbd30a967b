//! Dates as official documents write them: `2025年1月11日`, `二〇二五年一月十一日`, `2025-01-11`,
//! `2025.1.11`, `20251111`, `民國 113 年 05 月 20 日`, `June 30, 2023`, and a labelled date
//! (`发布日期：…`). A leaf of `doc`, beside [`super::numbering`], used by the reflow (a date line
//! ends a paragraph) and the title block.

use crate::text::punctuation::COLONS;

/// A line that is a date, possibly in brackets, possibly followed by what happened that day.
pub fn date_line(text: &str) -> Option<String> {
    // `发布日期：2025年4月18日`, `成文日期：…`: a labelled date. (Most lines have no `期`: the
    // two searches for the label are spared them.)
    let labelled = text.contains('期');
    // The colon is any a database prints (`修正日期︰`).
    let text = labelled
        .then(|| {
            text.match_indices("日期").find_map(|(at, label)| {
                let date = text[at + label.len()..].strip_prefix(COLONS)?;
                Some((&text[..at], date))
            })
        })
        .flatten()
        .filter(|(label, _)| label.chars().count() <= 4)
        .map_or(text, |(_, date)| date);
    let inner = text
        .trim()
        .trim_start_matches(['（', '('])
        .trim_end_matches(['）', ')']);
    if let Some(roc) = inner
        .strip_prefix("民國")
        .or_else(|| inner.strip_prefix("民国"))
    {
        return roc_date(roc);
    }
    // The first date [`find_date`] finds must start the text: only the start is looked at.
    date_at(inner).or_else(|| english_date_at(inner))
}

/// A date of the Republic of China calendar (`民國 113 年 05 月 20 日`, year 1 = 1912).
fn roc_date(text: &str) -> Option<String> {
    let compact: String = text.split_whitespace().collect();
    let (year, l) = small_number(&compact)?;
    let rest = compact[l..].strip_prefix('年')?;
    let (month, l) = small_number(rest)?;
    let rest = rest[l..].strip_prefix('月')?;
    let (day, l) = small_number(rest)?;
    rest[l..].strip_prefix(['日', '號'])?;
    ((1..=200).contains(&year) && (1..=12).contains(&month) && (1..=31).contains(&day))
        .then(|| format!("{:04}-{month:02}-{day:02}", year + 1911))
}

/// Finds a date (`2025年1月11日`, `二〇二五年一月十一日`, `2025-01-11`, `2025.1.11`,
/// `June 30, 2023`, `30 June 2023`) in `text`. Returns it as ISO `YYYY-MM-DD` with its byte
/// offset.
#[must_use]
pub fn find_date(text: &str) -> Option<(String, usize)> {
    for (start, _) in text.char_indices() {
        if let Some(date) = date_at(&text[start..]).or_else(|| english_date_at(&text[start..])) {
            return Some((date, start));
        }
    }
    None
}

/// `June 30, 2023` or `30 June 2023` (full or three-letter month names).
fn english_date_at(s: &str) -> Option<String> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let month_of = |word: &str| {
        let word = word.trim_end_matches('.').to_ascii_lowercase();
        MONTHS
            .iter()
            .position(|m| {
                word.len() >= 3 && m.starts_with(word.as_str()) && (word.len() == 3 || *m == word)
            })
            .map(|i| i + 1)
    };
    if !s.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return None;
    }
    let words: Vec<&str> = s.split_whitespace().take(3).collect();
    let number = |w: &str| w.trim_end_matches([',', '.']).parse::<u32>().ok();
    let (month, day, year) = match words.as_slice() {
        [m, d, y] if s.starts_with(|c: char| c.is_ascii_alphabetic()) => {
            (month_of(m)?, number(d)?, number(y)?)
        }
        [d, m, y] if s.starts_with(|c: char| c.is_ascii_digit()) => {
            (month_of(m)?, number(d)?, number(y)?)
        }
        _ => return None,
    };
    let month = u32::try_from(month).ok()?;
    ((1000..=2999).contains(&year) && (1..=31).contains(&day))
        .then(|| format!("{year:04}-{month:02}-{day:02}"))
}

fn date_at(s: &str) -> Option<String> {
    let (year, len) = year_at(s)?;
    let rest = &s[len..];
    let (month, day) = if let Some(rest) = rest.strip_prefix('年') {
        let (month, l) = small_number(rest)?;
        let rest = rest[l..].strip_prefix('月')?;
        let (day, l) = small_number(rest)?;
        rest[l..].strip_prefix(['日', '号'])?;
        (month, day)
    } else {
        let sep = rest
            .chars()
            .next()
            .filter(|c| matches!(c, '-' | '.' | '/'))?;
        let rest = &rest[sep.len_utf8()..];
        let (month, l) = super::numbering::parse_arabic_number(rest)?;
        let rest = rest[l..].strip_prefix(sep)?;
        let (day, _) = super::numbering::parse_arabic_number(rest)?;
        (month, day)
    };
    ((1..=12).contains(&month) && (1..=31).contains(&day))
        .then(|| format!("{year:04}-{month:02}-{day:02}"))
}

/// A four-digit year in Arabic or Chinese digits (`2025`, `二〇二五`).
fn year_at(s: &str) -> Option<(u32, usize)> {
    let mut value = 0;
    let mut len = 0;
    for c in s.chars().take(4) {
        let d = match c {
            '0'..='9' => c as u32 - '0' as u32,
            '０'..='９' => c as u32 - '０' as u32,
            '〇' | '○' | '零' | 'Ｏ' | 'O' => 0,
            '一' => 1,
            '二' => 2,
            '三' => 3,
            '四' => 4,
            '五' => 5,
            '六' => 6,
            '七' => 7,
            '八' => 8,
            '九' => 9,
            _ => return None,
        };
        value = value * 10 + d;
        len += c.len_utf8();
    }
    (len > 0 && (1000..=2999).contains(&value) && s[..len].chars().count() == 4)
        .then_some((value, len))
}

fn small_number(s: &str) -> Option<(u32, usize)> {
    super::numbering::parse_arabic_number(s).or_else(|| super::numbering::parse_cn_number(s))
}

/// `20251111`: a date written as eight digits.
pub fn compact_date(text: &str) -> Option<String> {
    if text.len() != 8 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (year, month, day) = (&text[..4], &text[4..6], &text[6..]);
    let (m, d) = (month.parse::<u32>().ok()?, day.parse::<u32>().ok()?);
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then(|| format!("{year}-{month}-{day}"))
}

/// An English date anywhere in `text` (`Sat, 05 Mar 2022 07:52:05 GMT`).
pub fn english_date_in(text: &str) -> Option<String> {
    text.char_indices()
        .filter(|(i, _)| *i == 0 || text[..*i].ends_with(' '))
        .find_map(|(i, _)| english_date_at(&text[i..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A labelled date is read after any colon a database prints, and only after a short
    /// label.
    #[test]
    fn a_labelled_date_follows_any_colon() {
        for line in [
            "发布日期：2025年4月18日",
            "发布日期:2025年4月18日",
            "修正日期︰2025年4月18日",
            "成文日期﹕2025年4月18日",
            "日期∶2025-04-18",
        ] {
            assert_eq!(date_line(line).as_deref(), Some("2025-04-18"), "{line}");
        }
        assert_eq!(date_line("本条例所称的施行日期：2025年4月18日"), None);
        assert_eq!(date_line("发布日期2025年4月18日"), None);
    }
}
