//! The Final Draft (`.fdx`) reader: the XML paragraphs of `<FinalDraft><Content>`
//! into the same [`tree`](crate::tree) the Fountain reader produces.
//!
//! Paragraph types map one to one (`Scene Heading`, `Action`, `Character`,
//! `Parenthetical`, `Dialogue`, `Transition`, `Lyrics`); `Shot` and `General`
//! read as action; `<DualDialogue>` marks its cues dual. The title page has no
//! keys in Final Draft, so its first line is the title, a `by` line the credit and
//! the line after it the author.

use oneshot_model::{SourceSpan, TitleEntry};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use crate::fountain::split_cue;
use crate::tree::{Document, Element, ElementKind};

/// Why a text is not a usable Final Draft document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FdxError {
    /// Malformed XML at `line`.
    Xml { line: u32, message: String },
    /// Well-formed XML, but not a `<FinalDraft>` document.
    NotFinalDraft,
}

/// True when `text` looks like Final Draft XML rather than Fountain.
pub fn sniff(text: &str) -> bool {
    let head = text.trim_start_matches('\u{feff}').trim_start();
    head.starts_with("<?xml") || head.starts_with("<FinalDraft")
}

/// Where in the document the reader is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Script,
    TitlePage,
    Elsewhere,
}

/// A paragraph being read.
struct Paragraph {
    kind: String,
    number: Option<String>,
    text: String,
    start: usize,
    dual: bool,
}

/// Parses Final Draft XML. Spans are byte offsets into `text`.
pub fn parse(text: &str) -> Result<Document, FdxError> {
    // Spans are offsets into the text after a byte-order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let body = text.trim_start();
    if !body.starts_with('<') {
        let line = 1 + text[..text.len() - body.len()].matches('\n').count() as u32;
        return Err(FdxError::Xml {
            line,
            message: "text where XML should start: this is not an XML file".into(),
        });
    }
    let mut reader = Reader::from_str(text);
    let mut doc = Document::default();
    let mut title_lines: Vec<String> = Vec::new();
    let mut stack: Vec<String> = Vec::new();
    let mut paragraph: Option<Paragraph> = None;
    let mut in_text = false;
    let mut in_dual = false;
    let mut seen_root = false;
    let lines = LineIndex::new(text);
    let xml_error = |reader: &Reader<&[u8]>, message: String| FdxError::Xml {
        line: lines.line_of(reader.error_position() as usize),
        message,
    };
    loop {
        let before = reader.buffer_position() as usize;
        let event = reader
            .read_event()
            .map_err(|err| xml_error(&reader, err.to_string()))?;
        match event {
            Event::Start(tag) => {
                let name = tag.name().0.to_owned();
                if stack.is_empty() {
                    if name != "FinalDraft" {
                        return Err(FdxError::NotFinalDraft);
                    }
                    seen_root = true;
                }
                match name.as_str() {
                    "Paragraph" => {
                        paragraph = Some(Paragraph {
                            kind: attribute(&tag, "Type").unwrap_or_default(),
                            number: attribute(&tag, "Number").filter(|n| !n.is_empty()),
                            text: String::new(),
                            start: before,
                            dual: in_dual,
                        });
                    }
                    "Text" => in_text = true,
                    "DualDialogue" => in_dual = true,
                    _ => {}
                }
                stack.push(name);
            }
            Event::Empty(tag) => {
                if stack.is_empty() {
                    // `<FinalDraft/>` or another lone element: nothing to read.
                    return Err(FdxError::NotFinalDraft);
                }
                if tag.name().0 == "Tab" {
                    if let Some(p) = paragraph.as_mut() {
                        p.text.push('\t');
                    }
                }
            }
            Event::Text(content) if in_text => {
                if let Some(p) = paragraph.as_mut() {
                    p.text.push_str(&content.xml10_content());
                }
            }
            Event::GeneralRef(reference) if in_text => {
                let resolved = match reference.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    Ok(None) => {
                        quick_xml::escape::resolve_predefined_entity(&reference).map(str::to_owned)
                    }
                    Err(_) => None,
                };
                // An entity of the file's own (or none) would be dropped from the
                // words unseen: the line says which, for the writer to mend.
                let Some(resolved) = resolved else {
                    return Err(FdxError::Xml {
                        line: lines.line_of(before),
                        message: format!(
                            "`&{};` is no character: only XML's own (`&amp;`, `&lt;`...) \
                             and numbered ones (`&#233;`) are read",
                            &*reference
                        ),
                    });
                };
                if let Some(p) = paragraph.as_mut() {
                    p.text.push_str(&resolved);
                }
            }
            Event::End(tag) => {
                let name = tag.name().0.to_owned();
                stack.pop();
                match name.as_str() {
                    "Text" => in_text = false,
                    "DualDialogue" => in_dual = false,
                    "Paragraph" => {
                        if let Some(p) = paragraph.take() {
                            let end = reader.buffer_position() as usize;
                            match part(&stack) {
                                Part::Script => push(&mut doc.elements, p, end, &lines),
                                Part::TitlePage => title_lines.push(p.text.trim().to_owned()),
                                Part::Elsewhere => {}
                            }
                        }
                    }
                    _ => {}
                }
            }
            Event::Eof => {
                if let Some(open) = stack.last() {
                    return Err(FdxError::Xml {
                        line: lines.line_of(text.len()),
                        message: format!("the file ends inside <{open}>"),
                    });
                }
                break;
            }
            _ => {}
        }
    }
    if !seen_root {
        return Err(FdxError::NotFinalDraft);
    }
    doc.title_page = title_entries(&title_lines);
    Ok(doc)
}

fn attribute(tag: &BytesStart, name: &str) -> Option<String> {
    let attribute = tag.try_get_attribute(name).ok()??;
    attribute
        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
        .ok()
        .map(|v| v.into_owned())
}

/// The part of the document a paragraph closed in (`stack` is its ancestors).
fn part(stack: &[String]) -> Part {
    match stack {
        [root, content, ..] if root == "FinalDraft" && content == "Content" => Part::Script,
        [root, title, ..] if root == "FinalDraft" && title == "TitlePage" => Part::TitlePage,
        _ => Part::Elsewhere,
    }
}

fn push(elements: &mut Vec<Element>, p: Paragraph, end: usize, lines: &LineIndex) {
    let text = p.text.trim().to_owned();
    if text.is_empty() {
        return;
    }
    let kind = match p.kind.as_str() {
        "Scene Heading" => ElementKind::SceneHeading {
            scene_number: p.number,
        },
        "Character" => {
            let cue = text.trim_end_matches('^').trim_end();
            let (name, extensions) = split_cue(cue);
            ElementKind::Character {
                name,
                extensions,
                dual: p.dual,
            }
        }
        "Dialogue" => ElementKind::Dialogue,
        "Parenthetical" => ElementKind::Parenthetical,
        "Transition" => ElementKind::Transition,
        "Lyrics" => ElementKind::Lyrics,
        "New Act" | "End of Act" => ElementKind::Section { depth: 1 },
        "Cast List" => return,
        _ => ElementKind::Action,
    };
    elements.push(Element {
        kind,
        text,
        span: SourceSpan {
            start: p.start,
            end,
            line: lines.line_of(p.start),
        },
    });
}

/// Final Draft title pages are free text: the first line is the title; a line that
/// ends in `by` is the credit and the next line the author; the rest are notes.
fn title_entries(lines: &[String]) -> Vec<TitleEntry> {
    let mut entries = Vec::new();
    let mut lines = lines.iter().filter(|l| !l.is_empty());
    let mut entry = |key: &str, value: &str| {
        entries.push(TitleEntry {
            key: key.to_owned(),
            value: value.to_owned(),
        })
    };
    if let Some(title) = lines.next() {
        entry("Title", title);
    }
    let mut notes = Vec::new();
    while let Some(line) = lines.next() {
        if line.to_lowercase().ends_with("by") {
            entry("Credit", line);
            if let Some(author) = lines.next() {
                entry("Author", author);
            }
        } else {
            notes.push(line.as_str());
        }
    }
    if !notes.is_empty() {
        entry("Notes", &notes.join("\n"));
    }
    entries
}

/// Byte offset to 1-based line number.
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { starts }
    }

    fn line_of(&self, offset: usize) -> u32 {
        self.starts.partition_point(|&start| start <= offset) as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="no" ?>
<FinalDraft DocumentType="Script" Template="No" Version="5">
  <Content>
    <Paragraph Number="7" Type="Scene Heading"><Text>INT. DINER - NIGHT</Text></Paragraph>
    <Paragraph Type="Action"><Text>Rain &amp; </Text><Text Style="Bold">neon</Text><Text>.</Text></Paragraph>
    <Paragraph Type="Character"><Text>MAVIS (V.O.)</Text></Paragraph>
    <Paragraph Type="Parenthetical"><Text>(tired)</Text></Paragraph>
    <Paragraph Type="Dialogue"><Text>Coffee.</Text></Paragraph>
    <Paragraph><DualDialogue>
      <Paragraph Type="Character"><Text>AL</Text></Paragraph>
      <Paragraph Type="Dialogue"><Text>Yes.</Text></Paragraph>
      <Paragraph Type="Character"><Text>BO</Text></Paragraph>
      <Paragraph Type="Dialogue"><Text>No.</Text></Paragraph>
    </DualDialogue></Paragraph>
    <Paragraph Type="Transition"><Text>CUT TO:</Text></Paragraph>
  </Content>
  <TitlePage><Content>
    <Paragraph Alignment="Center"><Text>NIGHT OWLS</Text></Paragraph>
    <Paragraph Alignment="Center"><Text>Written by</Text></Paragraph>
    <Paragraph Alignment="Center"><Text>A. Writer</Text></Paragraph>
  </Content></TitlePage>
</FinalDraft>
"#;

    #[test]
    fn paragraphs_become_elements() {
        let doc = parse(SAMPLE).unwrap();
        let kinds: Vec<String> = doc
            .elements
            .iter()
            .map(|e| {
                format!("{:?}", e.kind)
                    .split([' ', '{'])
                    .next()
                    .unwrap_or("")
                    .to_owned()
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "SceneHeading",
                "Action",
                "Character",
                "Parenthetical",
                "Dialogue",
                "Character",
                "Dialogue",
                "Character",
                "Dialogue",
                "Transition"
            ]
        );
        assert_eq!(
            doc.elements[0].kind,
            ElementKind::SceneHeading {
                scene_number: Some("7".into())
            }
        );
        assert_eq!(doc.elements[0].span.line, 4);
        assert_eq!(doc.elements[1].text, "Rain & neon.");
        let duals: Vec<bool> = doc
            .elements
            .iter()
            .filter_map(|e| match e.kind {
                ElementKind::Character { dual, .. } => Some(dual),
                _ => None,
            })
            .collect();
        assert_eq!(duals, [false, true, true]);
        assert_eq!(doc.title_value("title"), Some("NIGHT OWLS"));
        assert_eq!(doc.title_value("author"), Some("A. Writer"));
    }

    #[test]
    fn a_byte_order_mark_is_skipped() {
        let doc = parse(&format!("\u{feff}{SAMPLE}")).unwrap();
        assert_eq!(doc.elements.len(), 10);
    }

    #[test]
    fn malformed_xml_names_the_line() {
        let err = parse("<?xml version=\"1.0\"?>\n<FinalDraft>\n<Content>\n</Oops>\n").unwrap_err();
        assert!(matches!(err, FdxError::Xml { line: 4, .. }), "{err:?}");
        let err = parse("<?xml version=\"1.0\"?>\n<FinalDraft>\n<Content>").unwrap_err();
        assert!(matches!(err, FdxError::Xml { .. }), "{err:?}");
        assert_eq!(parse("<html></html>"), Err(FdxError::NotFinalDraft));
        assert!(matches!(
            parse("just text"),
            Err(FdxError::Xml { line: 1, .. })
        ));
    }

    #[test]
    fn an_entity_that_names_no_character_names_its_line() {
        let with = |entity: &str| {
            parse(&format!(
                "<FinalDraft>\n<Content>\n<Paragraph Type=\"Action\"><Text>Ray {entity} Dex.</Text></Paragraph>\n</Content></FinalDraft>"
            ))
        };
        for entity in ["&bogus;", "&#xD800;", "&#99999999;"] {
            let err = with(entity).unwrap_err();
            let FdxError::Xml { line, message } = &err else {
                panic!("{entity}: {err:?}");
            };
            assert_eq!(*line, 3, "{entity}");
            assert!(message.contains(&entity[1..]), "{message}");
        }
        let doc = with("&amp; &#233;").unwrap();
        assert_eq!(doc.elements[0].text, "Ray & \u{e9} Dex.");
    }
}
