//! WQL `LIKE` patterns: `%` any run of characters (also none), `_` one character,
//! `[abc]` / `[a-z]` one character of a set or range, `[^...]` one character not in it.
//! There is no escape character: a literal `%`, `_` or `[` is written `[%]`, `[_]`, `[[]`
//! (WMI's rule). Matching is case-insensitive, character by character through upper case,
//! as WMI and OMI do. A `[` without its `]` makes the pattern invalid.
//!
//! Inside a set: `^` first negates; `-` between two characters is a range (inclusive,
//! compared after upper-casing); `-` first or last is itself; the first `]` closes the
//! set, so `[]` matches nothing and `[^]` any one character.
//!
//! Time: the match keeps one backtracking point (the last `%`), so it needs at most
//! (pattern length x text length) steps and no extra memory.

/// One character of a set: a single character or an inclusive range (upper-cased bounds).
#[derive(Debug, Clone, PartialEq)]
enum Member {
    One(char),
    Range(char, char),
}

#[derive(Debug, Clone, PartialEq)]
enum Item {
    /// `%` (consecutive ones merged).
    Any,
    /// `_`.
    One,
    /// A plain character, upper-cased.
    Char(char),
    Set {
        negated: bool,
        members: Vec<Member>,
    },
}

/// A compiled pattern.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Pattern {
    items: Vec<Item>,
}

/// The character `LIKE` compares: its upper case when that is one character.
fn fold(c: char) -> char {
    let mut up = c.to_uppercase();
    match (up.next(), up.next()) {
        (Some(u), None) => u,
        _ => c,
    }
}

/// Why a pattern was refused: the byte offset of the unclosed `[`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Unclosed(pub(crate) usize);

impl Pattern {
    pub(crate) fn compile(pattern: &str) -> Result<Pattern, Unclosed> {
        let mut items = Vec::new();
        let mut it = pattern.char_indices().peekable();
        while let Some((at, c)) = it.next() {
            let item = match c {
                '%' => {
                    if items.last() == Some(&Item::Any) {
                        continue;
                    }
                    Item::Any
                }
                '_' => Item::One,
                '[' => {
                    let negated = it.next_if(|&(_, c)| c == '^').is_some();
                    let mut chars = Vec::new();
                    let mut closed = false;
                    for (_, c) in it.by_ref() {
                        if c == ']' {
                            closed = true;
                            break;
                        }
                        chars.push(c);
                    }
                    if !closed {
                        return Err(Unclosed(at));
                    }
                    Item::Set {
                        negated,
                        members: members(&chars),
                    }
                }
                c => Item::Char(fold(c)),
            };
            items.push(item);
        }
        Ok(Pattern { items })
    }

    /// Whether `text` matches the whole pattern.
    pub(crate) fn matches(&self, text: &str) -> bool {
        let text: Vec<char> = text.chars().map(fold).collect();
        let items = &self.items;
        let (mut p, mut t) = (0usize, 0usize);
        // Where to resume after the last `%`: (item after it, text position it covers to).
        let mut resume: Option<(usize, usize)> = None;
        loop {
            if p < items.len() {
                match &items[p] {
                    Item::Any => {
                        resume = Some((p + 1, t));
                        p += 1;
                        continue;
                    }
                    item if t < text.len() && one_matches(item, text[t]) => {
                        p += 1;
                        t += 1;
                        continue;
                    }
                    _ => {}
                }
            } else if t == text.len() {
                return true;
            }
            // Mismatch: let the last `%` take one more character, if there is one.
            match resume {
                Some((rp, rt)) if rt < text.len() => {
                    resume = Some((rp, rt + 1));
                    p = rp;
                    t = rt + 1;
                }
                _ => return false,
            }
        }
    }
}

fn members(chars: &[char]) -> Vec<Member> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if i + 2 < chars.len() && chars[i + 1] == '-' {
            out.push(Member::Range(fold(chars[i]), fold(chars[i + 2])));
            i += 3;
        } else {
            out.push(Member::One(fold(chars[i])));
            i += 1;
        }
    }
    out
}

/// Whether one non-`%` item matches one (folded) character.
fn one_matches(item: &Item, c: char) -> bool {
    match item {
        Item::Any => true,
        Item::One => true,
        Item::Char(p) => *p == c,
        Item::Set { negated, members } => {
            let inside = members.iter().any(|m| match *m {
                Member::One(x) => x == c,
                Member::Range(lo, hi) => lo <= c && c <= hi,
            });
            inside != *negated
        }
    }
}
