//! Text helpers the engine shares: how words are counted and how an excerpt is cut. Pure;
//! used by the session's summaries and by trends, so both count the same words.

/// Characters of body text in a summary's excerpt.
pub const EXCERPT_CHARS: usize = 160;

/// The first [`EXCERPT_CHARS`] characters of `body`, whitespace collapsed, with an
/// ellipsis when cut.
pub fn excerpt(body: &str) -> String {
    let mut out = String::with_capacity(EXCERPT_CHARS + 4);
    let mut chars = 0;
    for word in body.split_whitespace() {
        if chars > 0 {
            out.push(' ');
            chars += 1;
        }
        let len = word.chars().count();
        if chars + len > EXCERPT_CHARS {
            out.extend(word.chars().take(EXCERPT_CHARS.saturating_sub(chars)));
            out.push('…');
            return out;
        }
        out.push_str(word);
        chars += len;
    }
    out
}

/// Words as a reader counts them: runs of non-whitespace.
pub fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}
