//! Sets one key of the config file's text and leaves the rest as the
//! runner wrote it: comments, order, spacing. `rtr devices` remembers a
//! device this way.

/// `source` with the top-level `key` set to `value` (RON text): replaced
/// where it is, else added before the closing parenthesis. A file with no
/// parentheses at all becomes one with only this key.
pub fn set_key(source: &str, key: &str, value: &str) -> String {
    let scan = scan(source);
    if let Some(&(start, end)) = scan.values.iter().find(|(k, _)| k == key).map(|(_, v)| v) {
        return format!("{}{value}{}", &source[..start], &source[end..]);
    }
    let Some(close) = scan.close else {
        return format!("{source}(\n    {key}: {value},\n)\n");
    };
    // After the last key's value, with a comma if it had none.
    let before = source[..close].trim_end();
    let comma = if before.ends_with(',') || before.ends_with('(') {
        ""
    } else {
        ","
    };
    let at = before.len();
    format!(
        "{}{comma}\n    {key}: {value},\n{}",
        &source[..at],
        &source[close..]
    )
}

/// Where each top-level key's value is, and the closing parenthesis.
struct Scan {
    values: Vec<(String, (usize, usize))>,
    close: Option<usize>,
}

fn scan(source: &str) -> Scan {
    let bytes = source.as_bytes();
    let mut depth = 0usize;
    let mut values = Vec::new();
    let mut close = None;
    // The key read at depth 1, and where its value started.
    let mut word = String::new();
    let mut value: Option<(String, usize)> = None;
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = source[i..].find('\n').map_or(bytes.len(), |n| i + n);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = source[i + 2..]
                    .find("*/")
                    .map_or(bytes.len(), |n| i + 2 + n + 2);
                continue;
            }
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => {
                if depth == 1 {
                    if let Some((key, start)) = value.take() {
                        values.push((key, trimmed(source, start, i)));
                    }
                    close = Some(i);
                }
                depth = depth.saturating_sub(1);
            }
            b':' if depth == 1 && value.is_none() => {
                value = Some((std::mem::take(&mut word), i + 1));
            }
            b',' if depth == 1 => {
                if let Some((key, start)) = value.take() {
                    values.push((key, trimmed(source, start, i)));
                }
                word.clear();
            }
            c if depth == 1 && value.is_none() && (c.is_ascii_alphanumeric() || c == b'_') => {
                word.push(char::from(c));
            }
            _ => {}
        }
        i += 1;
    }
    Scan { values, close }
}

/// The span `start..end` without the spaces around it.
fn trimmed(source: &str, start: usize, end: usize) -> (usize, usize) {
    let text = &source[start..end];
    let lead = text.len() - text.trim_start().len();
    let trail = text.len() - text.trim_end().len();
    (start + lead, end - trail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_replaced_where_it_is() {
        let source =
            "// mine\n(\n    sound: false, // quiet\n    treadmill: Sim,\n    countdown: 5,\n)\n";
        let edited = set_key(source, "treadmill", "Device(id: \"a\", name: \"b\")");
        assert_eq!(
            edited,
            "// mine\n(\n    sound: false, // quiet\n    treadmill: Device(id: \"a\", name: \"b\"),\n    countdown: 5,\n)\n"
        );
        // A value with parentheses of its own is replaced whole.
        assert_eq!(
            set_key(&edited, "treadmill", "None"),
            source.replace("Sim", "None")
        );
    }

    #[test]
    fn a_missing_key_is_added_at_the_end() {
        let cases = [
            (
                "(\n    sound: false,\n)\n",
                "(\n    sound: false,\n    strap: Sim,\n)\n",
            ),
            (
                "(\n    sound: false\n)\n",
                "(\n    sound: false,\n    strap: Sim,\n)\n",
            ),
            ("()", "(\n    strap: Sim,\n)"),
            ("", "(\n    strap: Sim,\n)\n"),
        ];
        for (source, expected) in cases {
            assert_eq!(set_key(source, "strap", "Sim"), expected, "{source:?}");
        }
    }

    #[test]
    fn commented_keys_and_strings_are_not_keys() {
        let source =
            "(\n    // strap: None,\n    program: \"a, strap: b.ron\",\n    /* strap: x, */\n)\n";
        let edited = set_key(source, "strap", "Sim");
        assert!(edited.contains("// strap: None,"));
        assert!(edited.contains("\"a, strap: b.ron\""));
        assert!(edited.ends_with("    strap: Sim,\n)\n"), "{edited}");
    }

    #[test]
    fn last_key_without_a_comma_is_replaced() {
        assert_eq!(set_key("(strap: Sim)", "strap", "None"), "(strap: None)");
    }

    #[test]
    fn nested_keys_are_not_top_level() {
        let source = "(\n    quirks: (speed_in_mph: true),\n)\n";
        assert_eq!(
            set_key(source, "speed_in_mph", "false"),
            "(\n    quirks: (speed_in_mph: true),\n    speed_in_mph: false,\n)\n"
        );
    }
}
