//! Arabic numbers written as Chinese numerals, so that a reader who types `201` finds
//! 第二百零一条 and one who types `2025` finds 二〇二五年. Official documents number articles,
//! chapters and points in Chinese numerals and print years digit by digit.

const DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// Largest number spelled out in words; longer digit runs are only spelled digit by digit.
const MAX_SPELLED: u64 = 9999_9999;

/// `n` as it is read in Chinese official text: 十, 十五, 二十一, 一百一十, 二百零一, 一千零五,
/// 一万二千. `None` past `MAX_SPELLED`.
#[must_use]
pub fn spelled(n: u64) -> Option<String> {
    if n > MAX_SPELLED {
        return None;
    }
    if n == 0 {
        return Some("零".to_owned());
    }
    let mut out = String::new();
    let (high, low) = (n / 10_000, n % 10_000);
    if high > 0 {
        push_below_ten_thousand(&mut out, high, true);
        out.push('万');
        if low > 0 {
            // 一万零五百: a zero is read where the thousands are missing.
            if low < 1000 {
                out.push('零');
            }
            push_below_ten_thousand(&mut out, low, false);
        }
    } else {
        push_below_ten_thousand(&mut out, low, true);
    }
    Some(out)
}

/// Appends `n` (1..=9999). `leading` says whether nothing precedes it: only then is 10–19 read
/// 十… rather than 一十… (一百一十 but 十五).
fn push_below_ten_thousand(out: &mut String, n: u64, leading: bool) {
    const UNITS: [(u64, char); 4] = [(1000, '千'), (100, '百'), (10, '十'), (1, '\0')];
    let mut started = false;
    let mut zero_pending = false;
    for (unit, name) in UNITS {
        let digit = (n / unit) % 10;
        if digit == 0 {
            zero_pending = started;
            continue;
        }
        if zero_pending {
            out.push('零');
            zero_pending = false;
        }
        let bare_ten = unit == 10 && digit == 1 && !started && leading;
        if !bare_ten {
            out.push(DIGITS[digit as usize]);
        }
        if name != '\0' {
            out.push(name);
        }
        started = true;
    }
}

/// The digits of `digits` (ASCII) one by one: `2025` → 二〇二五.
#[must_use]
pub fn digit_by_digit(digits: &str) -> String {
    digits
        .chars()
        .filter_map(|c| c.to_digit(10).map(|d| DIGITS[d as usize]))
        .collect()
}

/// The ways `word` may be printed when it holds ASCII digits: each run of digits spelled
/// (`第201条` → `第二百零一条`), and each run digit by digit (`2025年` → `二〇二五年`). Every
/// run of a word is rewritten the same way. Empty when the word holds no digit.
#[must_use]
pub fn numeral_forms(word: &str) -> Vec<String> {
    if !word.bytes().any(|b| b.is_ascii_digit()) {
        return Vec::new();
    }
    let mut forms = Vec::with_capacity(2);
    if let Some(form) = rewrite_digit_runs(word, |run| {
        let n: u64 = run.parse().ok()?;
        // `007` is a code, not a number read aloud.
        if run.len() > 1 && run.starts_with('0') {
            return None;
        }
        spelled(n)
    }) {
        forms.push(form);
    }
    if let Some(form) = rewrite_digit_runs(word, |run| Some(digit_by_digit(run)))
        && !forms.contains(&form)
    {
        forms.push(form);
    }
    forms
}

/// `word` with each ASCII digit run replaced by `rewrite(run)`; `None` if any run cannot be.
fn rewrite_digit_runs(word: &str, rewrite: impl Fn(&str) -> Option<String>) -> Option<String> {
    let mut out = String::with_capacity(word.len() * 2);
    let mut rest = word;
    while let Some(start) = rest.find(|c: char| c.is_ascii_digit()) {
        out.push_str(&rest[..start]);
        let run_len = rest[start..]
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len() - start);
        out.push_str(&rewrite(&rest[start..start + run_len])?);
        rest = &rest[start + run_len..];
    }
    out.push_str(rest);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::numbering::parse_cn_number;

    #[test]
    fn numbers_are_spelled_as_official_text_prints_them() {
        let cases = [
            (1, "一"),
            (10, "十"),
            (15, "十五"),
            (20, "二十"),
            (21, "二十一"),
            (100, "一百"),
            (110, "一百一十"),
            (201, "二百零一"),
            (1005, "一千零五"),
            (1010, "一千零一十"),
            (1200, "一千二百"),
            (10_000, "一万"),
            (12_000, "一万二千"),
            (10_500, "一万零五百"),
            (100_015, "十万零一十五"),
        ];
        for (n, text) in cases {
            assert_eq!(spelled(n).as_deref(), Some(text), "{n}");
        }
        assert_eq!(spelled(0).as_deref(), Some("零"));
        assert_eq!(spelled(MAX_SPELLED + 1), None);
    }

    #[test]
    fn the_parser_reads_back_every_spelled_number_below_ten_thousand() {
        for n in 1..10_000u32 {
            let text = spelled(u64::from(n)).unwrap_or_default();
            assert_eq!(parse_cn_number(&text), Some((n, text.len())), "{text}");
        }
    }

    #[test]
    fn words_with_digits_get_both_forms() {
        assert_eq!(numeral_forms("201"), ["二百零一", "二〇一"]);
        assert_eq!(numeral_forms("第201条"), ["第二百零一条", "第二〇一条"]);
        assert_eq!(numeral_forms("2025年"), ["二千零二十五年", "二〇二五年"]);
        assert_eq!(numeral_forms("1"), ["一"]);
        assert_eq!(numeral_forms("007"), ["〇〇七"]);
        assert!(numeral_forms("第一条").is_empty());
        assert_eq!(numeral_forms("3.5"), ["三.五"]);
    }
}
