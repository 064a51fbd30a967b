//! Bytes to text: detect the encoding, decode, and normalise line ends and control characters.
//!
//! Pipeline (see CJK.md §1): BOM → strict UTF-8 → BOM-less UTF-16 → chardetng (hinted `cn`) →
//! encoding_rs, then count replacement characters: many of them mean binary data or a wrong
//! guess, which is an error rather than a screen full of `�`.
//!
//! BOM-less UTF-16 is recognised by NUL bytes at alternate positions (ASCII and line ends) or
//! ideograph high bytes there, and only kept when the decoded sample reads as text. GBK and
//! Big5 are told apart by which reading yields the common characters of its own standard. When
//! the evidence is thin (a short text, or two readings that score alike), [`Decoded::guessed`]
//! says so, so that the caller can tell the user which encoding was guessed.

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
    /// True when the encoding was detected on thin evidence (a short text, or readings that
    /// score alike): a guess the user should be told about (`--encoding` forces one).
    pub guessed: bool,
}

impl Decoded {
    /// A one-line note for the user when the encoding was guessed on thin evidence.
    #[must_use]
    pub fn guess_note(&self) -> Option<String> {
        self.guessed.then(|| {
            format!(
                "encoding guessed as {} from little text; `--encoding NAME` forces one",
                self.encoding
            )
        })
    }
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

/// The bytes as a string without a copy when they are UTF-8, or the bytes back. Validated with
/// SIMD: this runs on every file, and the standard library's check took a sixth of the parse
/// of a large Chinese text.
fn utf8_string(bytes: Vec<u8>) -> Result<String, Vec<u8>> {
    use stdx::string::StringExt;
    String::from_utf8_simd(bytes).map_err(stdx::string::Utf8Error::into_bytes)
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
            guessed: false,
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
            match utf8_string(bytes) {
                Ok(text) => {
                    let scanned = Scanned::of(&text);
                    // UTF-16 of ASCII and of many ideographs (第 is 2C 7B) is valid UTF-8 with
                    // NULs: their pattern tells.
                    if forced.is_none()
                        && scanned.nul
                        && let Some((enc, thin)) = bomless_utf16(text.as_bytes())
                    {
                        let decoded = enc.decode_without_bom_handling(text.as_bytes()).0;
                        return finish(decoded.into_owned(), enc, false, thin);
                    }
                    return finish_scanned(text, UTF_8, forced.is_some(), false, &scanned);
                }
                Err(invalid) => {
                    // Rare: where the first error is, told by the standard library.
                    if let Err(error) = std::str::from_utf8(&invalid) {
                        cut_utf8 =
                            error.error_len().is_none() && error.valid_up_to() + 4 > invalid.len();
                    }
                    bytes = invalid;
                }
            }
        }
    }
    let (encoding, body_start, mut thin) = match forced {
        Some(enc) => (enc, bytes.len() - strip_bom(&bytes, enc).len(), false),
        None if cut_utf8 => (UTF_8, 0, false),
        None => {
            let (enc, body, thin) = detect(&bytes);
            (enc, bytes.len() - body.len(), thin)
        }
    };
    if encoding == UTF_8 {
        bytes.drain(..body_start);
        let text = match utf8_string(bytes) {
            Ok(text) => text,
            Err(invalid) => String::from_utf8_lossy(&invalid).into_owned(),
        };
        return finish(text, UTF_8, forced.is_some(), false);
    }
    let body = &bytes[body_start..];
    if encoding != UTF_16LE && encoding != UTF_16BE && looks_binary(body) {
        return Err(DecodeError::Binary(binary_reason(body)));
    }
    let (text, encoding) = if forced.is_none() {
        let (text, encoding, close) = decode_best(body, encoding);
        thin |= close;
        (text, encoding)
    } else {
        (encoding.decode_without_bom_handling(body).0, encoding)
    };
    let text = text.into_owned();
    drop(bytes);
    finish(text, encoding, forced.is_some(), thin)
}

/// Checks decoded text for signs of a wrong guess or binary data, then normalises it.
fn finish(
    text: String,
    encoding: &'static Encoding,
    forced: bool,
    guessed: bool,
) -> Result<Decoded, DecodeError> {
    let scanned = Scanned::of(&text);
    finish_scanned(text, encoding, forced, guessed, &scanned)
}

/// [`finish`], for a text already scanned.
fn finish_scanned(
    text: String,
    encoding: &'static Encoding,
    forced: bool,
    guessed: bool,
    scanned: &Scanned,
) -> Result<Decoded, DecodeError> {
    check(&text, encoding, forced, scanned)?;
    Ok(Decoded {
        text: if scanned.changes {
            normalise(&text)
        } else {
            text
        },
        encoding: encoding.name(),
        guessed,
    })
}

/// What the checks and the normalisation need to know of a text, found in one scan of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Scanned {
    /// It has a character that [`normalise`] changes (a BOM, a control, a separator).
    changes: bool,
    /// It has a NUL.
    nul: bool,
    /// It has a replacement character (`U+FFFD`).
    replacement: bool,
}

impl Scanned {
    /// Every file is scanned: a large text's halves are scanned on two cores at once, each
    /// for changes and for replacement characters, and a NUL, a control character, is looked
    /// for only when the scan for changes met one.
    fn of(text: &str) -> Self {
        let bytes = text.as_bytes();
        let split = text.len() >= PARALLEL_SCAN_BYTES;
        // Cut between characters, so that no replacement character straddles the cut.
        let middle = if split {
            (bytes.len() / 2..bytes.len())
                .find(|&at| text.is_char_boundary(at))
                .unwrap_or(bytes.len())
        } else {
            bytes.len()
        };
        let part = |start: usize, end: usize| {
            let replacement = bytes
                .get(start..end)
                .is_some_and(|part| memchr::memmem::find(part, REPLACEMENT).is_some());
            (changes_between(bytes, start, end), replacement)
        };
        let ((first_changes, first_replacement), (second_changes, second_replacement)) =
            super::halves::both(split, || part(0, middle), || part(middle, bytes.len()));
        let changes = text.starts_with('\u{FEFF}') || first_changes || second_changes;
        Self {
            changes,
            nul: changes && memchr::memchr(0, bytes).is_some(),
            replacement: first_replacement || second_replacement,
        }
    }
}

/// The replacement character's bytes, searched for as three: `str::contains` looks for its
/// last, `BD`, and checks each hit, and `BD` ends many ideographs (`国` is `E5 9B BD`).
const REPLACEMENT: &[u8] = "\u{FFFD}".as_bytes();

/// Below this size [`Scanned::of`] scans on one thread.
const PARALLEL_SCAN_BYTES: usize = 4 << 20;

/// Signs of a wrong guess or of binary data in decoded text.
fn check(
    text: &str,
    encoding: &'static Encoding,
    forced: bool,
    scanned: &Scanned,
) -> Result<(), DecodeError> {
    if scanned.nul {
        return Err(DecodeError::Binary(binary_reason(text.as_bytes())));
    }
    if scanned.replacement {
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
    if control_ratio_too_high(text) {
        return Err(DecodeError::Binary(
            "it is mostly control characters".into(),
        ));
    }
    Ok(())
}

/// chardetng hinted with `cn` prefers GBK, and Big5 bytes often decode as GBK without an
/// error, but into private-use, kana and rare characters. Decoding with the other Chinese
/// encoding too settles it: the reading with fewer private-use and replacement characters wins,
/// then the one in which more characters are among the common ones of its standard (GB2312
/// level 1 for GBK, Big5's frequently used characters), then chardetng's guess. The third value
/// is true when the evidence was thin: little non-ASCII text, or two readings that score alike.
fn decode_best<'a>(
    body: &'a [u8],
    guess: &'static Encoding,
) -> (std::borrow::Cow<'a, str>, &'static Encoding, bool) {
    let (text, _) = guess.decode_without_bom_handling(body);
    if guess == UTF_16LE || guess == UTF_16BE {
        return (text, guess, false);
    }
    let sample = &body[..body.len().min(64 * 1024)];
    let non_ascii = sample.iter().filter(|&&b| b >= 0x80).count();
    let thin = non_ascii < THIN_NON_ASCII;
    let alternative = if guess == encoding_rs::GBK || guess == encoding_rs::GB18030 {
        encoding_rs::BIG5
    } else if guess == encoding_rs::BIG5 {
        encoding_rs::GBK
    } else {
        return (text, guess, thin);
    };
    let suspicious = |t: &str| {
        t.chars()
            .filter(|&c| c == '\u{FFFD}' || ('\u{E000}'..='\u{F8FF}').contains(&c))
            .count()
    };
    let guess_bad = suspicious(&text);
    let (other, _) = alternative.decode_without_bom_handling(body);
    let other_bad = suspicious(&other);
    let guess_score = common_share(sample, guess);
    let other_score = common_share(sample, alternative);
    let alike = (guess_score - other_score).abs() < 0.15;
    if other_bad < guess_bad || (other_bad == guess_bad && other_score > guess_score) {
        (
            other,
            alternative,
            thin || (other_bad == guess_bad && alike),
        )
    } else {
        (text, guess, thin || (other_bad == guess_bad && alike))
    }
}

/// Fewer non-ASCII bytes than this (about 50 Chinese characters) is thin evidence for a guess.
const THIN_NON_ASCII: usize = 100;

/// The share of double-byte characters in `bytes`, read as GBK or Big5, that are common ones of
/// that standard: for GBK, GB2312's level-1 characters (lead bytes B0–D7) and its punctuation
/// and full-width forms (A1–A3); for Big5, its frequently used characters (A440–C67E) and its
/// punctuation (A140–A3BF, but not the bopomofo from A374). 0 when there are none.
fn common_share(bytes: &[u8], encoding: &'static Encoding) -> f64 {
    let big5 = encoding == encoding_rs::BIG5;
    let (mut pairs, mut common) = (0u32, 0u32);
    let mut i = 0;
    while i < bytes.len() {
        let lead = bytes[i];
        if lead < 0x80 {
            i += 1;
            continue;
        }
        let Some(&trail) = bytes.get(i + 1) else {
            break;
        };
        // GB18030's four-byte sequences: digit second byte.
        if !big5 && trail.is_ascii_digit() {
            pairs += 1;
            i += 4;
            continue;
        }
        pairs += 1;
        let is_common = if big5 {
            let trail_ok = (0x40..=0x7E).contains(&trail) || (0xA1..=0xFE).contains(&trail);
            trail_ok
                && match lead {
                    0xA1 | 0xA2 => true,
                    0xA3 => trail <= 0x73,
                    0xA4..=0xC5 => true,
                    0xC6 => trail <= 0x7E,
                    _ => false,
                }
        } else {
            (0xA1..=0xFE).contains(&trail) && matches!(lead, 0xA1..=0xA3 | 0xB0..=0xD7)
        };
        if is_common {
            common += 1;
        }
        i += 2;
    }
    if pairs == 0 {
        0.0
    } else {
        f64::from(common) / f64::from(pairs)
    }
}

fn strip_bom<'a>(bytes: &'a [u8], enc: &'static Encoding) -> &'a [u8] {
    match Encoding::for_bom(bytes) {
        Some((bom_enc, len)) if bom_enc == enc => &bytes[len..],
        _ => bytes,
    }
}

/// The encoding, the bytes after its BOM, and whether the evidence was thin.
fn detect(bytes: &[u8]) -> (&'static Encoding, &[u8], bool) {
    if let Some((enc, len)) = Encoding::for_bom(bytes) {
        return (enc, &bytes[len..], false);
    }
    // (Valid UTF-8 never gets here: `decode_owned` took it already.)
    if let Some((enc, thin)) = bomless_utf16(bytes) {
        return (enc, bytes, thin);
    }
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(sample, sample.len() == bytes.len());
    let enc = detector.guess(Some(b"cn"), chardetng::Utf8Detection::Allow);
    (enc, bytes, false)
}

/// UTF-16 without a BOM: ASCII (and every line end) puts a NUL in the high byte, so NULs
/// gather at one parity of position, where binary data has them at both; CJK text puts a high
/// byte in the 0x4E–0x9F range at the alternate position. Either pattern names a candidate,
/// which is kept only if the decoded sample reads as text (see [`plausible_share`]): this keeps
/// a short GBK line with Latin letters from being read as UTF-16. The flag is true when the
/// sample is short.
fn bomless_utf16(bytes: &[u8]) -> Option<(&'static Encoding, bool)> {
    let sample = &bytes[..bytes.len().min(8192) & !1];
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
    if SIGNATURES
        .iter()
        .any(|(magic, _)| sample.starts_with(magic))
    {
        return None;
    }
    // NULs at one parity only (a few at the other: characters like 一 U+4E00 end in 00), and
    // enough of them to be ASCII rather than a stray byte.
    let nul_pattern = |a: usize, b: usize| a >= 2 && a * 10 >= pairs && a > b * 4;
    let le = odd_nul + odd_cjk;
    let be = even_nul + even_cjk;
    // Most high bytes are NUL (ASCII) or in the CJK range; the low bytes are spread out. Without
    // any NUL, only a sample of some length is evidence enough.
    let decisive = |a: usize, b: usize, nul: usize| {
        a * 10 >= pairs * 6 && a * 2 > b * 3 && (nul > 0 || pairs >= 32)
    };
    let mut best: Option<(&'static Encoding, f64)> = None;
    for (enc, candidate) in [
        (
            UTF_16LE,
            nul_pattern(odd_nul, even_nul) || decisive(le, be, odd_nul),
        ),
        (
            UTF_16BE,
            nul_pattern(even_nul, odd_nul) || decisive(be, le, even_nul),
        ),
    ] {
        if !candidate {
            continue;
        }
        let share = plausible_share(sample, enc);
        if share >= 0.9 && best.is_none_or(|(_, s)| share > s) {
            best = Some((enc, share));
        }
    }
    best.map(|(enc, _)| (enc, pairs < 16))
}

/// The share of characters in `sample`, decoded as `enc`, that a Chinese document is made of:
/// printable ASCII and line ends, Latin, Greek and Cyrillic letters, punctuation and symbols,
/// CJK ideographs, punctuation, kana and full-width forms. Binary data, or another encoding
/// read as UTF-16, gives control characters, lone surrogates, Hangul and Yi syllables.
fn plausible_share(sample: &[u8], enc: &'static Encoding) -> f64 {
    let (text, _) = enc.decode_without_bom_handling(sample);
    let (mut total, mut plausible) = (0u32, 0u32);
    for c in text.chars() {
        total += 1;
        let ok = matches!(c,
            '\n' | '\r' | '\t' | '\u{0C}'
            | ' '..='~'
            | '\u{A0}'..='\u{52F}'
            | '\u{2000}'..='\u{2BFF}'
            | '\u{2E80}'..='\u{33FF}'
            | '\u{3400}'..='\u{4DBF}'
            | '\u{4E00}'..='\u{9FFF}'
            | '\u{F900}'..='\u{FAFF}'
            | '\u{FE10}'..='\u{FE1F}'
            | '\u{FE30}'..='\u{FE6F}'
            | '\u{FEFF}'..='\u{FFEF}'
            | '\u{1F000}'..='\u{1FAFF}'
            | '\u{20000}'..='\u{3FFFF}');
        if ok {
            plausible += 1;
        }
    }
    if total == 0 {
        0.0
    } else {
        f64::from(plausible) / f64::from(total)
    }
}

/// NUL bytes do not occur in text of any of the 8-bit encodings a reader meets.
fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    memchr::memchr(0, sample).is_some()
}

/// The starts of binary formats people try to open, with what to tell them.
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

fn binary_reason(bytes: &[u8]) -> String {
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

/// Whether a character that [`normalise`] changes starts at a byte in `start..end`.
///
/// Every file is scanned, so this is written for speed. Controls and DEL are single bytes: they
/// are looked for a block at a time with no branch per byte, a loop the compiler vectorises,
/// and only a block that holds one is looked at closely. C1 controls (`C2 80`–`9F`) and the
/// separators (`E2 80 A8`–`AE`, `E2 81 A6`–`A9`) share their lead bytes with common characters
/// (`·` is `C2 B7`; Chinese text is full of `“ ” — …`, `E2 80`): they are found from their
/// lead bytes by `memchr`.
fn changes_between(bytes: &[u8], start: usize, end: usize) -> bool {
    let Some(region) = bytes.get(start..end.min(bytes.len())) else {
        return false;
    };
    let flags = |block: &[u8]| {
        block.iter().fold(0u8, |flagged, &b| {
            flagged | u8::from((b < 0x20) & (b != b'\n') & (b != 0x0C)) | u8::from(b == 0x7F)
        })
    };
    let blocks = region.chunks_exact(SCAN_CHUNK);
    let rest = blocks.remainder();
    for (k, block) in blocks.enumerate() {
        let from = start + k * SCAN_CHUNK;
        // A block of a size known here is what the compiler vectorises.
        let flagged = <&[u8; SCAN_CHUNK]>::try_from(block).map_or(1, |block| flags(block));
        if flagged != 0 && (from..from + SCAN_CHUNK).any(|i| changes_at(bytes, i)) {
            return true;
        }
    }
    let from = start + region.len() - rest.len();
    if flags(rest) != 0 && (from..from + rest.len()).any(|i| changes_at(bytes, i)) {
        return true;
    }
    memchr::memchr2_iter(0xC2, 0xE2, region).any(|k| changes_at(bytes, start + k))
}

/// The bytes [`changes_between`] flags at once.
const SCAN_CHUNK: usize = 64;

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

/// What a character that must never reach a terminal is shown as: C0 controls as their
/// Unicode pictures (U+2400 block: `␛` for ESC, `␊` for a line feed), DEL as `␡`, C1 controls
/// and bidi overrides (which can reorder what the terminal shows) as `�`. `None` for any other
/// character. [`normalise`] uses it for documents; error messages use it for what they echo.
#[must_use]
pub fn control_picture(c: char) -> Option<char> {
    match c {
        c if (c as u32) < 0x20 => char::from_u32(0x2400 + c as u32),
        '\u{7F}' => Some('\u{2421}'),
        c if c.is_control() => Some('\u{FFFD}'),
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

/// `text` with every control character shown as its picture (see [`control_picture`]),
/// line feeds and tabs included: for echoing file names and arguments in one-line messages.
#[must_use]
pub fn picture_controls(text: &str) -> String {
    printable(text).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A text scanned in two parts, cut anywhere (inside a character too), needs normalising
    /// exactly when the whole does.
    #[test]
    fn scanning_in_two_parts_finds_what_one_scan_finds() {
        let clean = "一、“总则”——\n第一条 为了……。abc\n".repeat(3);
        for change in ["\u{2028}", "\u{2069}", "\u{85}", "\t", "\r"] {
            for at in (0..clean.len()).filter(|&i| clean.is_char_boundary(i)) {
                let text = format!("{}{change}{}", &clean[..at], &clean[at..]);
                let bytes = text.as_bytes();
                for middle in 0..=bytes.len() {
                    let split = changes_between(bytes, 0, middle)
                        || changes_between(bytes, middle, bytes.len());
                    assert!(split, "{change:?} at {at}, cut at {middle}");
                }
            }
        }
        let bytes = clean.as_bytes();
        assert!(
            (0..=bytes.len()).all(|middle| !changes_between(bytes, 0, middle)
                && !changes_between(bytes, middle, bytes.len()))
        );
    }

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
    fn utf16_without_bom_with_ascii_is_text() {
        // Half ASCII: the ideograph rule alone does not decide, the NULs at one parity do.
        let text = "Chapter 1 General Provisions\nArticle 1 This Law (第一条) applies from 2024.\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        let d = dec(&le);
        assert_eq!((d.text.as_str(), d.encoding), (text, "UTF-16LE"));
        let d = dec(&be);
        assert_eq!((d.text.as_str(), d.encoding), (text, "UTF-16BE"));
        // Mostly ASCII, one ideograph.
        let text = "Report on the work of the government, 2024 edition: 报告\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(dec(&le).text, text);
        // Binary data with NULs at both parities is still binary.
        let mut binary = b"\x00\x01\x02\x03".repeat(64);
        binary.extend_from_slice(b"abc");
        assert!(matches!(decode(&binary, None), Err(DecodeError::Binary(_))));
    }

    #[test]
    fn short_big5_is_big5_and_said_to_be_a_guess() {
        // Each of these was read as GBK (kana and rare characters) before.
        for text in [
            "本法所稱",
            "本法用詞",
            "第六條之",
            "違反第六條之",
            "本法施行細則",
            "本法自公布日施行",
        ] {
            let (bytes, _, _) = encoding_rs::BIG5.encode(text);
            let d = dec(&bytes);
            assert_eq!((d.text.as_str(), d.encoding), (text, "Big5"));
            assert!(d.guessed, "{text}");
            let note = d.guess_note().unwrap_or_default();
            assert!(
                note.contains("Big5") && note.contains("--encoding"),
                "{note}"
            );
        }
    }

    #[test]
    fn short_gbk_with_latin_letters_is_not_utf16() {
        // Both were read as UTF-16 before (one as an error, one as three wrong ideographs).
        for text in ["qxsaj@163.com。", ".com。", "邮箱：qxsaj@163.com。"] {
            let (bytes, _, _) = encoding_rs::GBK.encode(text);
            let d = dec(&bytes);
            assert_eq!((d.text.as_str(), d.encoding), (text, "GBK"));
            assert!(d.guessed, "{text}");
        }
    }

    #[test]
    fn long_chinese_texts_are_not_guesses() {
        let simplified =
            "过去一年，我们坚持以习近平新时代中国特色社会主义思想为指导，深入贯彻党的二十大精神。"
                .repeat(4);
        let (bytes, _, _) = encoding_rs::GBK.encode(&simplified);
        let d = dec(&bytes);
        assert_eq!((d.encoding, d.guessed), ("GBK", false));
        let traditional =
            "第一條　為了保護個人資訊權益，規範個人資訊處理活動，促進個人資訊合理利用，制定本法。"
                .repeat(4);
        let (bytes, _, _) = encoding_rs::BIG5.encode(&traditional);
        let d = dec(&bytes);
        assert_eq!(
            (d.text.as_str(), d.encoding, d.guessed),
            (traditional.as_str(), "Big5", false)
        );
        assert!(!dec("纲目".as_bytes()).guessed);
    }

    #[test]
    fn controls_become_pictures() {
        assert_eq!(
            picture_controls("a\u{1b}]52;c;x\u{7}\nb\u{7f}\u{9b}"),
            "a␛]52;c;x␇␊b␡\u{FFFD}"
        );
        assert_eq!(control_picture('纲'), None);
        assert_eq!(control_picture('\u{202E}'), Some('\u{FFFD}'));
    }

    /// The scan says a text needs normalising exactly when normalising changes it, wherever
    /// the character that changes sits in the scan's windows (and at the very end).
    #[test]
    fn the_scan_finds_what_normalising_changes() {
        let base = "一、总则“引号”……——第一条，（一）ａ·b\n".repeat(12);
        let specials = [
            "\u{2028}", "\u{2029}", "\u{202A}", "\u{202E}", "\u{2066}", "\u{2069}", "\u{2027}",
            "\u{202F}", "\u{2065}", "\u{206A}", "\r", "\t", "\u{1}", "\u{7F}", "\u{85}", "\u{A0}",
            "\u{9F}", "\u{C}", "\u{FEFF}", "\u{20A8}",
        ];
        let starts: Vec<usize> = base.char_indices().map(|(i, _)| i).collect();
        for special in specials {
            for &at in starts.iter().chain([&base.len()]) {
                let mut text = base.clone();
                text.insert_str(at, special);
                for end in [text.len(), at + special.len(), at + special.len() + 1] {
                    let Some(t) = text.get(..end) else { continue };
                    assert_eq!(
                        Scanned::of(t).changes,
                        normalise(t) != t,
                        "{special:?} at {at}"
                    );
                }
            }
        }
    }

    /// A large text is scanned in two halves on two cores: a NUL, a replacement character or a
    /// change is found in either half and next to the cut, as in a text scanned whole.
    #[test]
    fn a_large_text_scanned_in_halves_finds_what_is_anywhere_in_it() {
        let line = "一、总则“引号”……——第一条，（一）ａ·b\n";
        let base = line.repeat(PARALLEL_SCAN_BYTES / line.len() + 1);
        let middle = base.len() / 2;
        let clean = Scanned::of(&base);
        assert_eq!(
            (clean.changes, clean.nul, clean.replacement),
            (false, false, false)
        );
        let near_cut =
            (middle.saturating_sub(8)..middle + 8).filter(|&at| base.is_char_boundary(at));
        let places: Vec<usize> = [0, base.len()].into_iter().chain(near_cut).collect();
        for (special, expected) in [
            ("\u{0}", (true, true, false)),
            ("\u{FFFD}", (false, false, true)),
            ("\u{2028}", (true, false, false)),
            ("\r", (true, false, false)),
        ] {
            // A few ASCII letters in front move the cut to every byte of the character.
            for (&at, pad) in places
                .iter()
                .flat_map(|at| (0..4).map(move |pad| (at, pad)))
            {
                let mut text = base.clone();
                text.insert_str(at, special);
                text.insert_str(0, &"x".repeat(pad));
                let found = Scanned::of(&text);
                assert_eq!(
                    (found.changes, found.nul, found.replacement),
                    expected,
                    "{special:?} at {at} after {pad} letters"
                );
            }
        }
    }

    #[test]
    fn empty_is_empty() {
        assert_eq!(dec(b"").text, "");
    }
}
