//! Text quoted for the documents oneshot writes: CSV fields and HTML text.

/// A CSV field as RFC 4180 wants it: in double quotes, with its quotes doubled,
/// when it holds a comma, a quote or a line break; as it is otherwise.
pub fn csv(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// Appends one CSV record of `fields`, each already quoted with [`csv`], and the
/// CRLF that ends it.
pub fn csv_record(out: &mut String, fields: &[String]) {
    out.push_str(&fields.join(","));
    out.push_str("\r\n");
}

/// Text safe in HTML element content and in quoted attribute values.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_only_what_needs_it() {
        assert_eq!(csv("plain"), "plain");
        assert_eq!(csv("a, b"), "\"a, b\"");
        assert_eq!(csv("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv("two\nlines"), "\"two\nlines\"");
    }

    #[test]
    fn html_escapes_markup_and_quotes() {
        assert_eq!(
            html("<Fish & 'Chips'> \"now\""),
            "&lt;Fish &amp; &#39;Chips&#39;&gt; &quot;now&quot;"
        );
    }
}
