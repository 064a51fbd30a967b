//! The numbering vocabulary every stage of the parser shares: Chinese and Arabic numerals,
//! the numbering schemes of official documents and laws (`一、` `（一）` `1.` `（1）` `①` `一是`
//! `第一编` `第一章` `第一节` `第一条` `1.1` `Chapter 1`), the marker that opens a heading, and
//! where a first sentence ends. A leaf: it depends on nothing else in `doc`.

/// A numbering scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scheme {
    /// `一、`
    CnComma,
    /// `（一）`
    CnParen,
    /// `1.` `1．` `1、`
    ArabicDot,
    /// `（1）`
    ArabicParen,
    /// `①`
    Circled,
    /// `一是`: a run-in point, always a leaf one level below its section.
    RunIn,
    /// `第一，`: an ordinal point, as speeches number them; it may hold `一是` points.
    Ordinal,
    /// `第一编` / `第一篇` / `第一部分`
    LawPart,
    /// `第一分编`
    LawSubPart,
    /// `第一章`
    LawChapter,
    /// `第一节`
    LawSection,
    /// `第一款`: a division below the section in Taiwan's civil code (`第 一 款 通則`), not the
    /// paragraph of an article that PRC texts cite by that word (a citation is no heading).
    LawSubSection,
    /// `第一目`: below `第一款` (Taiwan's civil code).
    LawItem,
    /// `第一条`: an article, always a leaf.
    LawArticle,
    /// `1.1`, `1.1.1` (the number of components).
    Decimal(usize),
    /// Markdown `#` (the number of `#`).
    Markdown(usize),
    /// `Part I`
    EnPart,
    /// `Chapter 1`
    EnChapter,
    /// `Section 1`
    EnSection,
    /// `Article 1`: a leaf like `第一条`.
    EnArticle,
}

/// A family of schemes whose order is known (`一、` › `（一）` › `1.`; `编` › `章` › `条`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    Official,
    Law,
    Decimal,
    Markdown,
    English,
    RunIn,
}

impl Scheme {
    /// The scheme's family, and its rank within it (0 is the highest).
    #[must_use]
    pub fn family_rank(self) -> (Family, usize) {
        match self {
            Self::CnComma => (Family::Official, 0),
            Self::CnParen => (Family::Official, 1),
            Self::ArabicDot => (Family::Official, 2),
            Self::ArabicParen => (Family::Official, 3),
            Self::Circled => (Family::Official, 4),
            Self::Ordinal => (Family::Official, 5),
            Self::RunIn => (Family::RunIn, 0),
            Self::LawPart => (Family::Law, 0),
            Self::LawSubPart => (Family::Law, 1),
            Self::LawChapter => (Family::Law, 2),
            Self::LawSection => (Family::Law, 3),
            Self::LawSubSection => (Family::Law, 4),
            Self::LawItem => (Family::Law, 5),
            Self::LawArticle => (Family::Law, 6),
            Self::Decimal(n) => (Family::Decimal, n),
            Self::Markdown(n) => (Family::Markdown, n),
            Self::EnPart => (Family::English, 0),
            Self::EnChapter => (Family::English, 1),
            Self::EnSection => (Family::English, 2),
            Self::EnArticle => (Family::English, 3),
        }
    }

    /// Articles are leaves: nothing but a higher law division opens below them.
    #[must_use]
    pub fn is_leaf(self) -> bool {
        matches!(self, Self::LawArticle | Self::EnArticle | Self::RunIn)
    }

    /// Whether a paragraph with this marker reads its heading as the first sentence even when the
    /// sentence is the whole paragraph (`三是……。`, `第一条 ……。`).
    pub(crate) fn heads_paragraph(self) -> bool {
        matches!(
            self,
            Self::RunIn | Self::Ordinal | Self::LawArticle | Self::EnArticle
        )
    }

    /// A point whose heading is the first sentence of its paragraph (`一是……。`, `第一，……。`).
    #[must_use]
    pub fn is_run_in_point(self) -> bool {
        matches!(self, Self::RunIn | Self::Ordinal)
    }
}

/// A numbering marker at the start of a block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Marker {
    pub scheme: Scheme,
    pub number: u32,
    /// The number of a division inserted by an amendment (`第六条之一`, `第 37-1 條`: 1), else 0.
    pub sub: u32,
    /// Length in bytes of the marker text (`一、`, `（一）`, `第一章`).
    pub len: usize,
}

/// Value of a Chinese numeral character, or of a unit (十 = 10…).
fn cn_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '零' | '○' => 0,
        '一' | '壹' => 1,
        '二' | '贰' | '两' | '貳' => 2,
        '三' | '叁' | '參' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' | '陸' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

fn cn_unit(c: char) -> Option<u32> {
    Some(match c {
        '十' | '拾' => 10,
        '百' | '佰' => 100,
        '千' | '仟' => 1000,
        _ => return None,
    })
}

/// Parses a Chinese numeral at the start of `s` (`十二`, `二十一`, `一百零五`).
/// Returns the value and its length in bytes.
pub fn parse_cn_number(s: &str) -> Option<(u32, usize)> {
    let mut total = 0u32;
    let mut digit: Option<u32> = None;
    let mut len = 0;
    for c in s.chars() {
        if let Some(d) = cn_digit(c) {
            digit = Some(d);
        } else if let Some(u) = cn_unit(c) {
            total = total.saturating_add(digit.unwrap_or(1).saturating_mul(u));
            digit = None;
        } else {
            break;
        }
        len += c.len_utf8();
        if len > 24 {
            return None;
        }
    }
    (len > 0).then(|| (total.saturating_add(digit.unwrap_or(0)), len))
}

/// Parses Arabic digits (ASCII or full-width) at the start of `s`.
pub fn parse_arabic_number(s: &str) -> Option<(u32, usize)> {
    let mut value = 0u32;
    let mut len = 0;
    for c in s.chars() {
        let d = match c {
            '0'..='9' => c as u32 - '0' as u32,
            '０'..='９' => c as u32 - '０' as u32,
            _ => break,
        };
        value = value.checked_mul(10)?.checked_add(d)?;
        len += c.len_utf8();
        if len > 12 {
            return None;
        }
    }
    (len > 0).then_some((value, len))
}

fn parse_number(s: &str) -> Option<(u32, usize, bool)> {
    parse_arabic_number(s)
        .map(|(n, l)| (n, l, true))
        .or_else(|| parse_cn_number(s).map(|(n, l)| (n, l, false)))
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\u{3000}'
}

/// Recognises the numbering marker at the start of `text`, if any.
#[must_use]
pub fn parse_marker(text: &str) -> Option<Marker> {
    let first = text.chars().next()?;
    // Most paragraphs start with an ordinary ideograph: reject them before any parsing.
    if !could_start_marker(first) {
        return None;
    }
    let marker = |scheme, number, len| {
        Some(Marker {
            scheme,
            number,
            sub: 0,
            len,
        })
    };
    match first {
        '（' | '(' => {
            let open = first.len_utf8();
            let (n, l, arabic) = parse_number(&text[open..])?;
            let rest = &text[open + l..];
            let close = rest.chars().next()?;
            if close != '）' && close != ')' {
                return None;
            }
            let scheme = if arabic {
                Scheme::ArabicParen
            } else {
                Scheme::CnParen
            };
            marker(scheme, n, open + l + close.len_utf8())
        }
        '①'..='⑳' => marker(
            Scheme::Circled,
            first as u32 - '①' as u32 + 1,
            first.len_utf8(),
        ),
        '⑴'..='⒇' => marker(
            Scheme::ArabicParen,
            first as u32 - '⑴' as u32 + 1,
            first.len_utf8(),
        ),
        '⒈'..='⒛' => marker(
            Scheme::ArabicDot,
            first as u32 - '⒈' as u32 + 1,
            first.len_utf8(),
        ),
        '第' => parse_law_marker(text),
        '0'..='9' | '０'..='９' => parse_arabic_marker(text),
        'A'..='Z' | 'a'..='z' => {
            parse_english_marker(text).or_else(|| parse_lettered_decimal(text))
        }
        _ => {
            let (n, l) = parse_cn_number(text)?;
            let rest = &text[l..];
            match rest.chars().next()? {
                // `二、三季度`, `二、三产业`: numerals listed, not a heading.
                '、' if lists_numerals(&rest['、'.len_utf8()..]) => None,
                '、' => marker(Scheme::CnComma, n, l + '、'.len_utf8()),
                '是' if n <= 30 => marker(Scheme::RunIn, n, l + '是'.len_utf8()),
                // `一．总体要求`: the same scheme as `一、`, with a full stop.
                c @ ('．' | '.')
                    if n <= 99
                        && rest[c.len_utf8()..].starts_with(|d: char| !d.is_ascii_digit()) =>
                {
                    marker(Scheme::CnComma, n, l + c.len_utf8())
                }
                _ => None,
            }
        }
    }
}

/// Whether `c` can begin a numbering marker.
fn could_start_marker(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(c, '（' | '(' | '①'..='⑳' | '⑴'..='⒇' | '⒈'..='⒛' | '第' | '０'..='９')
        || cn_digit(c).is_some()
        || cn_unit(c).is_some()
}

/// Text after `二、` that goes on listing numerals (`三季度`, `三产业`, `三、四类`).
fn lists_numerals(after: &str) -> bool {
    let mut chars = after.chars();
    let (Some(first), Some(second)) = (chars.next(), chars.next()) else {
        return false;
    };
    // Not `年` or `个`: `一、五年来的工作回顾` and `一、两个确立……` are headings.
    cn_digit(first).is_some() && matches!(second, '、' | '季' | '产' | '类' | '级')
}

/// Skips spaces (ASCII and ideographic): official Taiwan texts space their numbering out
/// (`第 一 章`, `第 1 條`), and a hard wrap can leave one inside a number.
fn skip_spaces(s: &str) -> usize {
    s.len() - s.trim_start_matches(is_space).len()
}

/// `第一章`, `第 1 條`, `第 37-1 條`, `第五章之一`, `第一分编`, `第一部分`, and the ordinal run-in
/// `第一，`.
fn parse_law_marker(text: &str) -> Option<Marker> {
    let mut at = '第'.len_utf8();
    at += skip_spaces(&text[at..]);
    let (n, l, arabic) = parse_number(&text[at..])?;
    at += l;
    let mut sub = 0;
    // `第 37-1 條`: an article inserted by an amendment, in Taiwan's numbering.
    if arabic
        && let Some(after) = text[at..].strip_prefix(['-', '－'])
        && let Some((s, l)) = parse_arabic_number(after)
    {
        sub = s;
        at += text[at..].len() - after.len() + l;
    }
    // `第一，……` / `第二、……`: an ordinal run-in point, as in speeches.
    if let Some(c) = text[at..]
        .chars()
        .next()
        .filter(|c| matches!(c, '，' | '、' | ','))
        && (1..=30).contains(&n)
        && sub == 0
    {
        return Some(Marker {
            scheme: Scheme::Ordinal,
            number: n,
            sub: 0,
            len: at + c.len_utf8(),
        });
    }
    at += skip_spaces(&text[at..]);
    let rest = &text[at..];
    let (scheme, unit_len) = if rest.starts_with("部分") {
        (Scheme::LawPart, "部分".len())
    } else if rest.starts_with("分编") || rest.starts_with("分編") {
        (Scheme::LawSubPart, "分编".len())
    } else {
        let unit = rest.chars().next()?;
        let scheme = match unit {
            '编' | '編' | '篇' => Scheme::LawPart,
            '章' => Scheme::LawChapter,
            '节' | '節' => Scheme::LawSection,
            '款' => Scheme::LawSubSection,
            '目' => Scheme::LawItem,
            '条' | '條' => Scheme::LawArticle,
            _ => return None,
        };
        (scheme, unit.len_utf8())
    };
    let mut len = at + unit_len;
    // `第六条之一`, `第五章之一`: a division inserted by an amendment, after the one it follows.
    if sub == 0
        && let Some(after) = text[len..].strip_prefix('之')
        && let Some((s, l)) = parse_cn_number(after)
        && (after[l..].is_empty()
            || after[l..].starts_with(is_space)
            || scheme != Scheme::LawArticle)
    {
        sub = s;
        len += '之'.len_utf8() + l;
    }
    let tail = &text[len..];
    let separated = tail.is_empty() || tail.starts_with(is_space);
    // `第一章总则` without a space is a heading only when it is short and not a sentence;
    // `第三条规定的……` in prose is caught by the numbering check.
    let ok = match scheme {
        // `第十二条、第二十条……` and `第三条的规定` cite articles; they do not open one.
        Scheme::LawArticle => !tail.starts_with([
            '、', '，', '。', '；', '：', '的', '之', '中', '和', '或', '及', '至', '第', '规',
            '所', '款', '项', '規', '項',
        ]),
        // `第一目标`, `第二款规定`: only a space after the word makes these a division.
        Scheme::LawSubSection | Scheme::LawItem => separated,
        _ => separated || (text.chars().count() <= 30 && !text.contains(['。', '，', '；'])),
    };
    ok.then_some(Marker {
        scheme,
        number: n,
        sub,
        len,
    })
}

fn parse_arabic_marker(text: &str) -> Option<Marker> {
    let (n, l) = parse_arabic_number(text)?;
    let rest = &text[l..];
    let sep = rest.chars().next()?;
    if matches!(sep, ' ' | '\u{3000}') {
        return parse_bare_number_heading(text, n, l);
    }
    if !matches!(sep, '.' | '．' | '、') {
        return None;
    }
    let after = &rest[sep.len_utf8()..];
    let next = after.chars().next();
    if sep != '、' && next.is_some_and(|c| c.is_ascii_digit() || ('０'..='９').contains(&c)) {
        // `1.2 范围` is a decimal heading; `3．10种有色金属：…` is item 3 whose text starts with a
        // figure (a list that mixes `.` and `．`).
        // `1.2025年…` likewise: item 1, whose text starts with a year.
        let year_follows = after
            .chars()
            .take_while(|c| c.is_ascii_digit() || ('０'..='９').contains(c))
            .count()
            == 4;
        return parse_decimal_marker(text).or_else(|| {
            ((sep == '．' || year_follows) && (1..=99).contains(&n)).then_some(Marker {
                scheme: Scheme::ArabicDot,
                number: n,
                sub: 0,
                len: l + sep.len_utf8(),
            })
        });
    }
    // `1.` followed by text; `2024.` is a year, not a heading.
    if n == 0 || n > 99 || next.is_none() {
        return None;
    }
    Some(Marker {
        scheme: Scheme::ArabicDot,
        number: n,
        sub: 0,
        len: l + sep.len_utf8(),
    })
}

/// `1 范围`, `2 Terms and definitions`: the top level of decimal numbering, as standards and
/// technical reports write it. Only a short line of its own, with no punctuation, whose text
/// does not start with a measure word (`3 个方面`, `12 月`).
fn parse_bare_number_heading(text: &str, n: u32, len: usize) -> Option<Marker> {
    let title = text[len..].trim_start();
    let first = title.chars().next()?;
    let measure_word = matches!(
        first,
        '个' | '项'
            | '年'
            | '月'
            | '日'
            | '天'
            | '万'
            | '亿'
            | '元'
            | '人'
            | '家'
            | '次'
            | '名'
            | '条'
            | '件'
            | '种'
            | '类'
            | '所'
            | '座'
            | '台'
            | '套'
            | '批'
            | '位'
            | '倍'
            | '%'
            | '％'
    );
    // A fragment cut from a line (`1 版）`, the end of a byline) closes a bracket it never opened.
    let unbalanced = (title.contains(['）', ')']) && !title.contains(['（', '(']))
        || (title.contains(['》', '」']) && !title.contains(['《', '「']));
    let plain = text.chars().count() <= 40
        && !unbalanced
        && !text.contains(['，', '。', '；', '：', '、', '！', '？', ',', ';', ':'])
        && !text.ends_with('.');
    let starts_word = first.is_alphabetic() && (!first.is_ascii() || first.is_ascii_uppercase());
    ((1..=50).contains(&n) && plain && starts_word && !measure_word).then_some(Marker {
        scheme: Scheme::Decimal(1),
        number: n,
        sub: 0,
        len,
    })
}

/// `1.2` or `1.2.3` followed by a space: a decimal heading.
fn parse_decimal_marker(text: &str) -> Option<Marker> {
    let mut len = 0;
    let mut depth = 0;
    let mut last;
    loop {
        let (n, l) = parse_arabic_number(&text[len..])?;
        if n > 99 {
            return None;
        }
        len += l;
        depth += 1;
        last = n;
        let rest = &text[len..];
        match rest.chars().next() {
            Some(c @ ('.' | '．'))
                if rest[c.len_utf8()..].starts_with(|d: char| d.is_ascii_digit()) =>
            {
                len += c.len_utf8();
            }
            _ => break,
        }
        if depth > 6 {
            return None;
        }
    }
    let rest = &text[len..];
    let rest = rest.strip_prefix(['.', '．']).unwrap_or(rest);
    let len = text.len() - rest.len();
    (depth >= 2 && rest.starts_with(is_space)).then_some(Marker {
        scheme: Scheme::Decimal(depth),
        number: last,
        sub: 0,
        len,
    })
}

/// `A.1.  "client_id" Syntax`, `B.2.3 Scope`: the decimal numbering of an appendix, one level
/// below the appendix itself.
fn parse_lettered_decimal(text: &str) -> Option<Marker> {
    let rest = text
        .strip_prefix(|c: char| c.is_ascii_uppercase())?
        .strip_prefix('.')?;
    if !rest.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    // Read as `0.1.2`: `0` takes the letter's place, one byte for one, so lengths agree.
    let inner = parse_decimal_marker(&format!("0.{rest}"))?;
    matches!(inner.scheme, Scheme::Decimal(_)).then_some(Marker { sub: 0, ..inner })
}

fn parse_english_marker(text: &str) -> Option<Marker> {
    let word_len = text.find(|c: char| !c.is_ascii_alphabetic())?;
    let word = text[..word_len].to_ascii_lowercase();
    let scheme = match word.as_str() {
        "part" => Scheme::EnPart,
        "chapter" => Scheme::EnChapter,
        "section" => Scheme::EnSection,
        "article" => Scheme::EnArticle,
        _ => return None,
    };
    let rest = text[word_len..].strip_prefix(' ')?;
    let (n, l) = parse_arabic_number(rest).or_else(|| parse_roman(rest))?;
    let len = word_len + 1 + l;
    let tail = &text[len..];
    (tail.is_empty() || tail.starts_with([' ', '.', ':', '—', '-'])).then_some(Marker {
        scheme,
        number: n,
        sub: 0,
        len,
    })
}

fn parse_roman(s: &str) -> Option<(u32, usize)> {
    let len = s
        .find(|c: char| !matches!(c, 'I' | 'V' | 'X' | 'L'))
        .unwrap_or(s.len());
    if len == 0 || len > 8 {
        return None;
    }
    let value = |c| match c {
        'I' => 1,
        'V' => 5,
        'X' => 10,
        _ => 50,
    };
    let digits: Vec<u32> = s[..len].chars().map(value).collect();
    let mut total = 0;
    for (i, &d) in digits.iter().enumerate() {
        if digits.get(i + 1).is_some_and(|&next| next > d) {
            total -= d as i64;
        } else {
            total += d as i64;
        }
    }
    u32::try_from(total)
        .ok()
        .filter(|&t| t > 0)
        .map(|t| (t, len))
}

/// True when `line` opens with a heading marker that could start a block (used by the reflow to
/// end a paragraph before it).
#[must_use]
pub fn starts_with_marker(line: &str) -> bool {
    parse_marker(line).is_some()
}

/// Length of a run-in marker (`一是`) at the start of `text`.
#[must_use]
pub fn run_in_marker_len(text: &str) -> Option<usize> {
    parse_marker(text)
        .filter(|m| m.scheme.is_run_in_point())
        .map(|m| m.len)
}

/// Byte offset just past the first sentence of `text` (its `。！？`, with any closing quotes or
/// brackets that follow), ignoring sentence ends inside quotes and brackets. `None` when the text
/// has no sentence end.
#[must_use]
pub fn first_sentence_end(text: &str) -> Option<usize> {
    // Each marked block is asked, most of them paragraphs: the text is gone through by its
    // bytes, and only punctuation is decoded. An ideograph (a lead `E4`–`E9`) is neither a
    // bracket nor a sentence end.
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut at = 0;
    while let Some(&b) = bytes.get(at) {
        if (0xE4..=0xE9).contains(&b) {
            at += 3;
            continue;
        }
        let c = if b < 0x80 {
            char::from(b)
        } else {
            text.get(at..)?.chars().next()?
        };
        match c {
            '“' | '《' | '（' | '「' | '『' | '【' | '(' => depth += 1,
            '”' | '》' | '）' | '」' | '』' | '】' | ')' => depth = depth.saturating_sub(1),
            '。' | '！' | '？' if depth == 0 => {
                // With the closing quotes and brackets, and further ends, that follow.
                let after = &text[at..];
                let closing = after
                    .char_indices()
                    .skip(1)
                    .find(|&(_, next)| {
                        !matches!(next, '”' | '’' | '」' | '』' | '）' | '。' | '！' | '？')
                    })
                    .map_or(after.len(), |(j, _)| j);
                return Some(at + closing);
            }
            // An English sentence: `. ` after a word of two or more lowercase letters (so that
            // `No. 5`, `U.S.` and `5.2%` do not end one).
            '.' | '!' | '?'
                if depth == 0
                    && ends_english_word(&text[..at])
                    && text[at + 1..].starts_with(char::is_whitespace) =>
            {
                return Some(at + 1);
            }
            _ => {}
        }
        at += c.len_utf8();
    }
    None
}

fn ends_english_word(before: &str) -> bool {
    before
        .chars()
        .rev()
        .take_while(char::is_ascii_lowercase)
        .count()
        >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(text: &str) -> Option<(Scheme, u32, &str)> {
        parse_marker(text).map(|m| (m.scheme, m.number, &text[..m.len]))
    }

    #[test]
    fn numerals() {
        assert_eq!(parse_cn_number("十二、"), Some((12, 6)));
        assert_eq!(parse_cn_number("二十一"), Some((21, 9)));
        assert_eq!(parse_cn_number("一百零五"), Some((105, 12)));
        assert_eq!(parse_cn_number("两"), Some((2, 3)));
        assert_eq!(parse_arabic_number("１２３"), Some((123, 9)));
    }

    #[test]
    fn markers() {
        assert_eq!(m("一、2024年工作回顾"), Some((Scheme::CnComma, 1, "一、")));
        assert_eq!(m("（十）切实保障"), Some((Scheme::CnParen, 10, "（十）")));
        assert_eq!(m("(2)分析"), Some((Scheme::ArabicParen, 2, "(2)")));
        assert_eq!(m("1.加强"), Some((Scheme::ArabicDot, 1, "1.")));
        assert_eq!(m("３．加强"), Some((Scheme::ArabicDot, 3, "３．")));
        assert_eq!(m("②其他"), Some((Scheme::Circled, 2, "②")));
        assert_eq!(m("二是聚焦"), Some((Scheme::RunIn, 2, "二是")));
        assert_eq!(m("第一章　总则"), Some((Scheme::LawChapter, 1, "第一章")));
        assert_eq!(
            m("第十三条 符合"),
            Some((Scheme::LawArticle, 13, "第十三条"))
        );
        assert_eq!(m("第二节 敏感"), Some((Scheme::LawSection, 2, "第二节")));
        assert_eq!(m("1.2 Scope"), Some((Scheme::Decimal(2), 2, "1.2")));
        assert_eq!(
            m("A.1.  \"client_id\" Syntax"),
            Some((Scheme::Decimal(2), 1, "A.1."))
        );
        assert_eq!(
            m("Chapter 3: Results"),
            Some((Scheme::EnChapter, 3, "Chapter 3"))
        );
        assert_eq!(m("Part II Methods"), Some((Scheme::EnPart, 2, "Part II")));
        for prose in [
            "二、三季度，受主要工业品价格下行影响",
            "一、二、三产业协调发展",
            "二、三类地区",
            "第三方机构",
            "1.39万亿斤",
            "2024.",
            "5.2%",
            "一年来",
            "（州）政协",
            "十分重要",
        ] {
            assert_eq!(m(prose), None, "{prose}");
        }
    }

    #[test]
    fn spaced_and_amended_law_numbering() {
        assert_eq!(
            m("第 一 章 總則"),
            Some((Scheme::LawChapter, 1, "第 一 章"))
        );
        assert_eq!(m("第 1 條"), Some((Scheme::LawArticle, 1, "第 1 條")));
        assert_eq!(
            m("第 一 款 通則"),
            Some((Scheme::LawSubSection, 1, "第 一 款"))
        );
        assert_eq!(m("第 二 目 共有"), Some((Scheme::LawItem, 2, "第 二 目")));
        assert_eq!(m("第一目标是稳增长"), None);
        assert_eq!(m("第二款规定的情形，不适用本法。"), None);
        let amended = parse_marker("第 37-1 條").map(|m| (m.scheme, m.number, m.sub));
        assert_eq!(amended, Some((Scheme::LawArticle, 37, 1)));
        let chapter = parse_marker("第五章之一 附則").map(|m| (m.scheme, m.number, m.sub));
        assert_eq!(chapter, Some((Scheme::LawChapter, 5, 1)));
        assert_eq!(
            m("第一分编 通则"),
            Some((Scheme::LawSubPart, 1, "第一分编"))
        );
        assert_eq!(
            m("第一百二十八 条侦查人员对于"),
            Some((Scheme::LawArticle, 128, "第一百二十八 条"))
        );
        assert_eq!(m("第 3 条规定的情形"), None);
    }

    #[test]
    fn full_stop_and_ordinal_markers() {
        assert_eq!(m("一．总体要求"), Some((Scheme::CnComma, 1, "一．")));
        assert_eq!(
            m("第二，坚持稳中求进。"),
            Some((Scheme::Ordinal, 2, "第二，"))
        );
        assert_eq!(m("第三方评估"), None);
    }

    #[test]
    fn numeral_headings_are_not_lists() {
        assert_eq!(
            m("一、五年来的工作回顾"),
            Some((Scheme::CnComma, 1, "一、"))
        );
        assert_eq!(
            m("二、两个确立的决定性意义"),
            Some((Scheme::CnComma, 2, "二、"))
        );
    }

    /// [`first_sentence_end`] as first written, character by character: what the scan by
    /// bytes is held to.
    fn first_sentence_end_by_chars(text: &str) -> Option<usize> {
        let mut depth = 0usize;
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            match c {
                '“' | '《' | '（' | '「' | '『' | '【' | '(' => depth += 1,
                '”' | '》' | '）' | '」' | '』' | '】' | ')' => {
                    depth = depth.saturating_sub(1)
                }
                '。' | '！' | '？' if depth == 0 => {
                    let mut end = i + c.len_utf8();
                    while let Some(&(j, next)) = chars.peek() {
                        if matches!(next, '”' | '’' | '」' | '』' | '）' | '。' | '！' | '？')
                        {
                            end = j + next.len_utf8();
                            chars.next();
                        } else {
                            break;
                        }
                    }
                    return Some(end);
                }
                // An English sentence: `. ` after a word of two or more lowercase letters (so that
                // `No. 5`, `U.S.` and `5.2%` do not end one).
                '.' | '!' | '?' if depth == 0 && ends_english_word(&text[..i]) => {
                    let end = i + 1;
                    if text[end..].starts_with(char::is_whitespace) {
                        return Some(end);
                    }
                }
                _ => {}
            }
        }
        None
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        /// The scan by bytes ends the first sentence where the scan by characters does.
        #[test]
        fn the_first_sentence_ends_where_it_did(
            picks in proptest::collection::vec(0..SENTENCE_CHARS.len(), 0..40),
        ) {
            let text: String = picks.iter().map(|&i| SENTENCE_CHARS[i]).collect();
            proptest::prop_assert_eq!(
                first_sentence_end(&text),
                first_sentence_end_by_chars(&text),
                "{:?}", text
            );
        }
    }

    /// Sentence ends, brackets and quotes of both widths, letters, spaces and ideographs
    /// (`䷀` and `龥` at the ends of the leads `E4`–`E9`, `㐀` beside them).
    const SENTENCE_CHARS: &[char] = &[
        '中', '䷀', '龥', '㐀', '。', '！', '？', '.', '!', '?', '“', '”', '’', '《', '》', '（',
        '）', '「', '」', '『', '』', '【', '】', '(', ')', 'a', 'b', 'N', ' ', '\u{3000}', '5',
        '，', '😀', 'é',
    ];

    #[test]
    fn first_sentence() {
        let t = "一是聚焦“保持定力”，对党忠诚的政治底色更加鲜明。我们始终";
        let end = first_sentence_end(t);
        assert_eq!(
            end.map(|e| &t[..e]),
            Some("一是聚焦“保持定力”，对党忠诚的政治底色更加鲜明。")
        );
        assert_eq!(
            first_sentence_end("“不是。”他说。"),
            Some("“不是。”他说。".len())
        );
        assert_eq!(first_sentence_end("一、总则"), None);
        let t = "Article 4 The owner of No. 5 is an owner. An owner enjoys rights.";
        assert_eq!(
            first_sentence_end(t).map(|e| &t[..e]),
            Some("Article 4 The owner of No. 5 is an owner.")
        );
        assert_eq!(first_sentence_end("增长5.2%，达到3.5万户"), None);
    }
}
