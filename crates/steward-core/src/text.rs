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

/// An entry's words, as its summary, the editor and the trends count them: the body's, as
/// a writer counts what they wrote (a title is a label, not writing).
pub fn entry_words(body: &str) -> usize {
    word_count(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_runs_of_non_whitespace_in_the_body() {
        assert_eq!(word_count(""), 0);
        assert_eq!(word_count("   "), 0);
        assert_eq!(word_count(" one  two\nthree "), 3);
        // Unicode spaces separate words too (a no-break space, an ideographic space).
        assert_eq!(word_count("one\u{a0}two\u{3000}three"), 3);
        assert_eq!(entry_words("Told Sam why."), 3);
    }
}
