//! Synthetic reports for benchmarks and stress tests: the bundled sample repeated with its
//! headings renumbered, hard-wrapped like a PDF extraction, with page-number lines.
//!
//! The result parses into the same shape as the sample, many times over, so benchmarks measure
//! real work (reflow, heading recognition, wrapping) at any size.

use crate::source::SAMPLE;

/// A Chinese numeral for `n` (1 ≤ n < 100 000): `一`, `十二`, `一百零五`.
#[must_use]
pub fn chinese_numeral(n: u32) -> String {
    const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    const UNITS: [&str; 5] = ["", "十", "百", "千", "万"];
    if n == 0 {
        return "零".to_string();
    }
    let digits: Vec<u32> = n.to_string().bytes().map(|b| u32::from(b - b'0')).collect();
    let mut out = String::new();
    let mut pending_zero = false;
    for (i, &d) in digits.iter().enumerate() {
        let unit = UNITS[digits.len() - 1 - i];
        if d == 0 {
            pending_zero = !out.is_empty();
            continue;
        }
        if pending_zero {
            out.push('零');
            pending_zero = false;
        }
        // 十二, not 一十二.
        if !(d == 1 && unit == "十" && out.is_empty()) {
            out.push(DIGITS[d as usize]);
        }
        out.push_str(unit);
    }
    out
}

/// A hard-wrapped report of at least `min_bytes` bytes: the sample's body repeated, each copy's
/// two top-level headings renumbered so that the numbering runs on, with `— k —` page lines
/// every 40 lines and a title block at the end, as in the sample.
#[must_use]
pub fn large_report(min_bytes: usize) -> String {
    // The sample's body (before its title block at the end), and its two top-level headings.
    let body_end = SAMPLE
        .rfind("中国人民政治协商会议\n")
        .unwrap_or(SAMPLE.len());
    let body = &SAMPLE[..body_end];
    let mut out = String::with_capacity(min_bytes + body.len() * 2);
    let mut top = 0u32;
    let mut page = 0u32;
    let mut lines_on_page = 0;
    while out.len() < min_bytes {
        for line in body.lines() {
            let line = if let Some(rest) = line.strip_prefix("一、") {
                top += 1;
                format!("{}、{rest}", chinese_numeral(top))
            } else if let Some(rest) = line.strip_prefix("二、") {
                top += 1;
                format!("{}、{rest}", chinese_numeral(top))
            } else {
                line.to_string()
            };
            out.push_str(&line);
            out.push('\n');
            lines_on_page += 1;
            if lines_on_page == 40 {
                page += 1;
                lines_on_page = 0;
                out.push_str(&format!("\n— {page} —\n\n"));
            }
        }
    }
    out.push_str(&SAMPLE[body_end..]);
    out
}

/// The sample's blocks copied until their text passes `min_bytes`, each copy's text varied (a
/// copy number in front and a rotation of the text) so that no two blocks are equal. The
/// blocks keep their kinds; their sections are cleared (the copies have no outline).
#[must_use]
pub fn varied_blocks(min_bytes: usize) -> Vec<crate::doc::Block> {
    let sample = crate::doc::parse(SAMPLE).blocks;
    let mut blocks = Vec::new();
    let mut total = 0;
    let mut copy = 0usize;
    while total < min_bytes && !sample.is_empty() {
        for block in &sample {
            let split = block
                .text
                .char_indices()
                .nth(copy % 7)
                .map_or(0, |(byte, _)| byte);
            let text = format!(
                "第{copy}份：{}{}",
                &block.text[split..],
                &block.text[..split]
            );
            total += text.len();
            blocks.push(crate::doc::Block {
                text,
                section: None,
                ..block.clone()
            });
        }
        copy += 1;
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals() {
        assert_eq!(chinese_numeral(1), "一");
        assert_eq!(chinese_numeral(12), "十二");
        assert_eq!(chinese_numeral(20), "二十");
        assert_eq!(chinese_numeral(105), "一百零五");
        assert_eq!(chinese_numeral(1010), "一千零一十");
    }

    #[test]
    fn large_report_parses_into_many_sections() {
        let text = large_report(400_000);
        assert!(text.len() >= 400_000);
        let doc = crate::doc::parse(&text);
        let tops = doc.sections.iter().filter(|s| s.level == 1).count();
        let copies = text.matches("2024年工作回顾").count();
        assert_eq!(
            tops,
            copies * 2,
            "every renumbered top-level heading is found"
        );
        assert!(doc.dropped.len() > 10);
        assert_eq!(doc.meta.date.as_deref(), Some("2025-01-11"));
    }
}
