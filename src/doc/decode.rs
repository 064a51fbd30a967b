//! Bytes to text: detect the encoding, decode, and normalise line ends and control characters.
//!
//! Pipeline (see CJK.md §1): BOM → strict UTF-8 → BOM-less UTF-16 → chardetng (hinted `cn`) →
//! encoding_rs, then count replacement characters: many of them mean binary data or a wrong
//! guess, which is an error rather than a screen full of `�`.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

/// Why bytes could not be turned into a document.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DecodeError {
    #[error("unknown encoding {0:?} (try utf-8, gb18030, gbk, big5, utf-16le, utf-16be)")]
    UnknownEncoding(String),
    #[error("this looks like binary data, not text ({0})")]
    Binary(String),
    #[error("the text does not decode as {encoding}: {bad} of {total} characters are invalid")]
    Undecodable {
        encoding: String,
        bad: usize,
        total: usize,
    },
}

/// Decoded, normalised text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// The name of the encoding that was used, as encoding_rs spells it.
    pub encoding: &'static str,
}

/// Looks up an encoding by a user-given label (`utf8`, `GB18030`, `big5`, `utf-16le`, …).
pub fn encoding_for_label(label: &str) -> Result<&'static Encoding, DecodeError> {
    let normalised = label.trim().to_ascii_lowercase().replace('_', "-");
    let alias = match normalised.as_str() {
        "utf8" => "utf-8",
        "utf16le" | "utf-16" => "utf-16le",
        "utf16be" => "utf-16be",
        "cp936" | "ms936" | "windows-936" => "gbk",
        "cp950" => "big5",
        other => other,
    };
    Encoding::for_label(alias.as_bytes()).ok_or_else(|| DecodeError::UnknownEncoding(label.into()))
}

/// Decodes `bytes`, detecting the encoding unless `forced` names one.
pub fn decode(bytes: &[u8], forced: Option<&'static Encoding>) -> Result<Decoded, DecodeError> {
    decode_owned(bytes.to_vec(), forced)
}

/// Like [`decode`], but takes the bytes by value: valid UTF-8 (the common case) becomes the
/// text without a copy, which keeps the peak memory of a large file near its size.
pub fn decode_owned(
    mut bytes: Vec<u8>,
    forced: Option<&'static Encoding>,
) -> Result<Decoded, DecodeError> {
    if bytes.is_empty() {
        return Ok(Decoded {
            text: String::new(),
            encoding: UTF_8.name(),
        });
    }
    // Most files are UTF-8: validate once, and keep the bytes as the text. A file that fails
    // only in its last character was cut mid-character: still UTF-8.
    let mut cut_utf8 = false;
    if forced.is_none_or(|enc| enc == UTF_8) {
        let bom = if bytes.starts_with(b"\xEF\xBB\xBF") {
            3
        } else {
            0
        };
        let other_bom =
            forced.is_none() && Encoding::for_bom(&bytes).is_some_and(|(e, _)| e != UTF_8);
        if !other_bom {
            bytes.drain(..bom);
            match String::from_utf8(bytes) {
                Ok(text) => return finish(text, UTF_8, forced.is_some()),
                Err(e) => {
                    let error = e.utf8_error();
                    cut_utf8 =
                        error.error_len().is_none() && error.valid_up_to() + 4 > e.as_bytes().len();
                    bytes = e.into_bytes();
                }
            }
        }
    }
    let (encoding, body_start) = match forced {
        Some(enc) => (enc, bytes.len() - strip_bom(&bytes, enc).len()),
        None if cut_utf8 => (UTF_8, 0),
        None => {
            let (enc, body) = detect(&bytes);
            (enc, bytes.len() - body.len())
        }
    };
    if encoding == UTF_8 {
        bytes.drain(..body_start);
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        };
        return finish(text, UTF_8, forced.is_some());
    }
    let body = &bytes[body_start..];
    if encoding != UTF_16LE && encoding != UTF_16BE && looks_binary(body) {
        return Err(DecodeError::Binary(binary_reason(body)));
    }
    let (text, encoding) = if forced.is_none() {
        decode_best(body, encoding)
    } else {
        (encoding.decode_without_bom_handling(body).0, encoding)
    };
    let text = text.into_owned();
    drop(bytes);
    finish(text, encoding, forced.is_some())
}

/// Checks decoded text for signs of a wrong guess or binary data, then normalises it.
fn finish(text: String, encoding: &'static Encoding, forced: bool) -> Result<Decoded, DecodeError> {
    if memchr::memchr(0, text.as_bytes()).is_some() {
        return Err(DecodeError::Binary(binary_reason(text.as_bytes())));
    }
    if text.contains('\u{FFFD}') {
        let total = text.chars().count();
        let bad = text.chars().filter(|&c| c == '\u{FFFD}').count();
        // A few replacement characters are damage a reader can live with; many are a wrong guess.
        if bad * 100 > total || (!forced && bad > 64) {
            return Err(DecodeError::Undecodable {
                encoding: encoding.name().to_string(),
                bad,
                total,
            });
        }
    }
    if control_ratio_too_high(&text) {
        return Err(DecodeError::Binary(
            "it is mostly control characters".into(),
        ));
    }
    Ok(Decoded {
        text: normalise_owned(text),
        encoding: encoding.name(),
    })
}

/// chardetng hinted with `cn` prefers GBK, and Big5 bytes often decode as GBK without an
/// error, but into private-use and rare characters. Decoding with the other Chinese encoding
/// too, and keeping the one with fewer such characters, settles it.
fn decode_best<'a>(
    body: &'a [u8],
    guess: &'static Encoding,
) -> (std::borrow::Cow<'a, str>, &'static Encoding) {
    let (text, _) = guess.decode_without_bom_handling(body);
    let alternative = if guess == encoding_rs::GBK {
        encoding_rs::BIG5
    } else if guess == encoding_rs::BIG5 {
        encoding_rs::GBK
    } else {
        return (text, guess);
    };
    let suspicious = |t: &str| {
        t.chars()
            .filter(|&c| c == '\u{FFFD}' || ('\u{E000}'..='\u{F8FF}').contains(&c))
            .count()
    };
    let guess_bad = suspicious(&text);
    if guess_bad == 0 {
        return (text, guess);
    }
    let (other, _) = alternative.decode_without_bom_handling(body);
    if suspicious(&other) < guess_bad {
        (other, alternative)
    } else {
        (text, guess)
    }
}

fn strip_bom<'a>(bytes: &'a [u8], enc: &'static Encoding) -> &'a [u8] {
    match Encoding::for_bom(bytes) {
        Some((bom_enc, len)) if bom_enc == enc => &bytes[len..],
        _ => bytes,
    }
}

fn detect(bytes: &[u8]) -> (&'static Encoding, &[u8]) {
    if let Some((enc, len)) = Encoding::for_bom(bytes) {
        return (enc, &bytes[len..]);
    }
    // (Valid UTF-8 never gets here: `decode_owned` took it already.)
    if let Some(enc) = bomless_utf16(bytes) {
        return (enc, bytes);
    }
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(sample, sample.len() == bytes.len());
    let enc = detector.guess(Some(b"cn"), chardetng::Utf8Detection::Allow);
    (enc, bytes)
}

/// UTF-16 without a BOM shows NUL bytes at every other position in ASCII-heavy text, and in
/// CJK text a high byte in the 0x4E–0x9F range at the alternate position.
fn bomless_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() < 4 {
        return None;
    }
    let pairs = sample.len() / 2;
    let (mut even_nul, mut odd_nul, mut even_cjk, mut odd_cjk) = (0, 0, 0, 0);
    for pair in sample.chunks_exact(2) {
        if pair[0] == 0 {
            even_nul += 1;
        }
        if pair[1] == 0 {
            odd_nul += 1;
        }
        if (0x4E..=0x9F).contains(&pair[0]) {
            even_cjk += 1;
        }
        if (0x4E..=0x9F).contains(&pair[1]) {
            odd_cjk += 1;
        }
    }
    let le = odd_nul + odd_cjk;
    let be = even_nul + even_cjk;
    // Most high bytes are NUL (ASCII) or in the CJK range; the low bytes are spread out.
    let decisive = |a: usize, b: usize| a * 10 >= pairs * 6 && a * 2 > b * 3;
    if decisive(le, be) {
        Some(UTF_16LE)
    } else if decisive(be, le) {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// NUL bytes do not occur in text of any of the 8-bit encodings a reader meets.
fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    memchr::memchr(0, sample).is_some()
}

fn binary_reason(bytes: &[u8]) -> String {
    const SIGNATURES: &[(&[u8], &str)] = &[
        (
            b"%PDF",
            "a PDF file: extract its text first, e.g. with pdftotext",
        ),
        (
            b"PK\x03\x04",
            "a ZIP archive (a .docx or .epub is one): extract its text first",
        ),
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"\x7FELF", "an executable"),
        (
            b"\xD0\xCF\x11\xE0",
            "an old Office document: save it as text first",
        ),
    ];
    SIGNATURES
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map_or_else(
            || "it contains NUL bytes".to_string(),
            |(_, what)| (*what).to_string(),
        )
}

fn control_ratio_too_high(text: &str) -> bool {
    // Counted on bytes: C0 controls and DEL are single bytes in UTF-8.
    let sample = &text.as_bytes()[..text.len().min(64 * 1024)];
    let control = sample
        .iter()
        .filter(|&&b| (b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C)) || b == 0x7F)
        .count();
    control * 10 > sample.len()
}

/// [`normalise`], without a copy when the text needs no change (the common case).
#[must_use]
pub fn normalise_owned(text: String) -> String {
    if needs_normalising(&text) {
        normalise(&text)
    } else {
        text
    }
}

/// A fast byte scan for anything [`normalise`] would change.
fn needs_normalising(text: &str) -> bool {
    if text.starts_with('\u{FEFF}') {
        return true;
    }
    let bytes = text.as_bytes();
    // Control bytes and C1 leads: chunks without any are skipped by a loop with no branch per
    // byte, which the compiler vectorises; the rare others are looked at closely.
    let control_or_c1 = |b: u8| {
        (u8::from(b < 0x20) & u8::from(b != b'\n') & u8::from(b != 0x0C))
            | u8::from(b == 0x7F)
            | u8::from(b == 0xC2)
    };
    let mut start = 0;
    for chunk in bytes.chunks(32) {
        if chunk.iter().fold(0u8, |acc, &b| acc | control_or_c1(b)) != 0
            && (start..start + chunk.len()).any(|i| changes_at(bytes, i))
        {
            return true;
        }
        start += chunk.len();
    }
    // Line and paragraph separators and bidi controls: E2 80 A8–AE and E2 81 A6–A9.
    memchr::memmem::find_iter(bytes, b"\xE2\x80")
        .chain(memchr::memmem::find_iter(bytes, b"\xE2\x81"))
        .any(|i| changes_at(bytes, i))
}

/// Whether the character starting at byte `i` is one that [`normalise`] changes.
fn changes_at(bytes: &[u8], i: usize) -> bool {
    let next = |k: usize| bytes.get(i + k).copied();
    match bytes[i] {
        b'\n' | 0x0C => false,
        0..=0x1F | 0x7F => true,
        // C1 controls and U+0085 are C2 80–C2 9F.
        0xC2 => next(1).is_some_and(|n| n < 0xA0),
        // U+2028/2029, U+202A–202E (E2 80 A8–AE) and U+2066–2069 (E2 81 A6–A9).
        0xE2 => {
            (next(1) == Some(0x80) && next(2).is_some_and(|c| (0xA8..=0xAE).contains(&c)))
                || (next(1) == Some(0x81) && next(2).is_some_and(|c| (0xA6..=0xA9).contains(&c)))
        }
        _ => false,
    }
}

/// Normalises line ends to `\n`, strips a leading BOM, turns tabs into spaces and makes other
/// control characters visible (U+2400 "control pictures") so that nothing the file holds can
/// drive the terminal. Form feeds are kept: the reflow counts them as page breaks.
#[must_use]
pub fn normalise(text: &str) -> String {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\n' | '\u{0C}' => out.push(c),
            '\t' => out.push(' '),
            '\u{2028}' | '\u{2029}' | '\u{85}' => out.push('\n'),
            c => out.push(control_picture(c).unwrap_or(c)),
        }
    }
    out
}

/// What is shown for a character that could drive the terminal: C0 controls and DEL as their
/// Unicode pictures (`␛`, `␡`), other controls and bidi overrides as `�`; `None` for a
/// character that is safe to print.
#[must_use]
pub fn control_picture(c: char) -> Option<char> {
    match c {
        c if (c as u32) < 0x20 => Some(char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}')),
        '\u{7F}' => Some('\u{2421}'),
        c if c.is_control() => Some('\u{FFFD}'),
        // Bidi overrides can reorder what the terminal shows; drop their effect visibly.
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => Some('\u{FFFD}'),
        _ => None,
    }
}

/// `text` as one line that is safe to print: every control character, line breaks included,
/// as [`control_picture`] shows it. For text from outside the document's decoding (notes and
/// quotes in the state file, file names) on its way to a terminal.
#[must_use]
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(|c| control_picture(c).is_some()) {
        return std::borrow::Cow::Borrowed(text);
    }
    text.chars()
        .map(|c| control_picture(c).unwrap_or(c))
        .collect::<String>()
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(bytes: &[u8]) -> Decoded {
        match decode(bytes, None) {
            Ok(d) => d,
            Err(e) => panic!("decode failed: {e}"),
        }
    }

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(dec("一、总则\r\n正文".as_bytes()).text, "一、总则\n正文");
        let mut with_bom = vec![0xEF, 0xBB, 0xBF];
        with_bom.extend_from_slice("标题".as_bytes());
        let d = dec(&with_bom);
        assert_eq!(d.text, "标题");
        assert_eq!(d.encoding, "UTF-8");
    }

    #[test]
    fn gb18030_is_detected() {
        let text = "一、2024年工作回顾\n过去一年，我们坚持以习近平新时代中国特色社会主义思想为指导，深入贯彻党的二十大精神。";
        let (bytes, _, _) = encoding_rs::GB18030.encode(text);
        let d = dec(&bytes);
        assert_eq!(d.text, text);
        assert_eq!(d.encoding, "GBK");
    }

    #[test]
    fn big5_is_detected() {
        let text =
            "第一條　為了保護個人資訊權益，規範個人資訊處理活動，促進個人資訊合理利用，制定本法。";
        let (bytes, _, _) = encoding_rs::BIG5.encode(text);
        assert_eq!(dec(&bytes).text, text);
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let text = "第一章　总则\n第一条 为了保护个人信息权益。";
        let mut le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(dec(&le).text, text);
        let mut be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(dec(&be).text, text);
        le.splice(0..0, [0xFF, 0xFE]);
        be.splice(0..0, [0xFE, 0xFF]);
        assert_eq!(dec(&le).text, text);
        assert_eq!(dec(&be).text, text);
    }

    #[test]
    fn utf8_cut_mid_character_is_still_utf8() {
        let text = format!("一、总则\n{}", "正文写在这里，".repeat(30));
        let mut bytes = text.into_bytes();
        bytes.pop();
        let d = dec(&bytes);
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.text.starts_with("一、总则\n正文写在这里，"));
        assert!(d.text.ends_with('\u{FFFD}'));
    }

    #[test]
    fn lone_cr_and_controls() {
        assert_eq!(dec(b"a\rb\x1b[31mc\td").text, "a\nb\u{241B}[31mc d");
    }

    #[test]
    fn binary_is_an_error() {
        assert!(matches!(
            decode(b"%PDF-1.7\n\x00\x01\x02binary", None),
            Err(DecodeError::Binary(_))
        ));
        let noise: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
        assert!(decode(&noise, None).is_err());
    }

    #[test]
    fn forced_encoding_and_labels() {
        let (bytes, _, _) = encoding_rs::GBK.encode("纲目");
        let enc = encoding_for_label("GB18030").ok();
        assert_eq!(decode(&bytes, enc).map(|d| d.text), Ok("纲目".to_string()));
        assert!(encoding_for_label("klingon").is_err());
        assert!(encoding_for_label("utf8").is_ok());
    }

    #[test]
    fn empty_is_empty() {
        assert_eq!(dec(b"").text, "");
    }
}
