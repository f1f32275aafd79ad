//! From a JSON path ([`Place`]) to a line and column in the rule file's text: a small
//! iterative scanner (no recursion, no allocation) that walks objects and arrays along the path.

use crate::check::{Place, Seg};

/// A position in a text: 1-based line and column (column counted in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Location {
    /// Line, from 1.
    pub line: u32,
    /// Column, from 1, in characters.
    pub column: u32,
}

/// Where `place` is in `json`: the start of the value at that path, or of the deepest prefix of
/// the path that exists (so a missing key points at its object). `None` only for text that is
/// not JSON at the top.
///
/// ```
/// use ringflux_rules::check::{Place, Seg};
/// use ringflux_rules::locate::{locate, Location};
/// let json = "{\n  \"nodes\": [\n    {\"id\": \"a\"},\n    {\"id\": \"b\"}\n  ]\n}";
/// let place = Place::of(&[Seg::Key("nodes"), Seg::Index(1), Seg::Key("id")]);
/// assert_eq!(locate(json, &place), Some(Location { line: 4, column: 12 }));
/// ```
pub fn locate(json: &str, place: &Place) -> Option<Location> {
    let b = json.as_bytes();
    let mut at = skip_ws(b, 0);
    b.get(at)?;
    for seg in place.segs() {
        match find_child(b, at, *seg) {
            Some(child) => at = child,
            None => break,
        }
    }
    Some(location(json, at))
}

fn location(json: &str, at: usize) -> Location {
    let before = json.get(..at).unwrap_or(json);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    Location {
        line: u32::try_from(line).unwrap_or(u32::MAX),
        column: u32::try_from(column).unwrap_or(u32::MAX),
    }
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while b.get(i).is_some_and(u8::is_ascii_whitespace) {
        i += 1;
    }
    i
}

/// End (one past the closing quote) of the string starting at `i` (which holds `"`).
fn skip_string(b: &[u8], mut i: usize) -> usize {
    i += 1;
    while let Some(&c) = b.get(i) {
        i += 1;
        match c {
            b'\\' => i += 1,
            b'"' => return i,
            _ => {}
        }
    }
    i
}

/// End of the value starting at `i`.
fn skip_value(b: &[u8], i: usize) -> usize {
    match b.get(i) {
        Some(b'"') => skip_string(b, i),
        Some(b'{' | b'[') => {
            let mut depth = 0usize;
            let mut j = i;
            while let Some(&c) = b.get(j) {
                match c {
                    b'"' => {
                        j = skip_string(b, j);
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            return j + 1;
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            j
        }
        _ => {
            let mut j = i;
            while b
                .get(j)
                .is_some_and(|c| !matches!(c, b',' | b'}' | b']') && !c.is_ascii_whitespace())
            {
                j += 1;
            }
            j
        }
    }
}

/// Start of the member `seg` of the object or array starting at `i`.
fn find_child(b: &[u8], i: usize, seg: Seg) -> Option<usize> {
    let open = *b.get(i)?;
    let mut j = skip_ws(b, i + 1);
    let mut index = 0u16;
    loop {
        match (b.get(j)?, open, seg) {
            (b'}' | b']', ..) => return None,
            (b'"', b'{', Seg::Key(key)) => {
                let end = skip_string(b, j);
                let name = b.get(j + 1..end.saturating_sub(1))?;
                j = skip_ws(b, end);
                if b.get(j) != Some(&b':') {
                    return None;
                }
                let value = skip_ws(b, j + 1);
                if name == key.as_bytes() {
                    return Some(value);
                }
                j = skip_value(b, value);
            }
            (_, b'[', Seg::Index(n)) => {
                if index == n {
                    return Some(j);
                }
                index = index.saturating_add(1);
                j = skip_value(b, j);
            }
            _ => return None,
        }
        j = skip_ws(b, j);
        match b.get(j)? {
            b',' => j = skip_ws(b, j + 1),
            _ => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_nested_paths_and_stops_at_missing_keys() {
        let json = r#"{"a": {"b": [1, "x]y", {"c": true}]}, "d": 2}"#;
        let p = Place::of(&[Seg::Key("a"), Seg::Key("b"), Seg::Index(2), Seg::Key("c")]);
        assert_eq!(locate(json, &p).map(|l| l.column), Some(30));
        let missing = Place::of(&[Seg::Key("a"), Seg::Key("zz")]);
        assert_eq!(locate(json, &missing).map(|l| l.column), Some(7));
        assert_eq!(locate("", &Place::FILE), None);
        assert_eq!(locate("{", &p).map(|l| l.column), Some(1));
    }
}
