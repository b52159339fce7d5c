//! From the parse tree to the production's [`Script`]: scenes with their heading
//! parts, length in eighths, screen time, story day, cast and breakdown elements.
//!
//! Elements come from three sources, as a breakdown artist would find them:
//! the screenwriter's capitalised first mentions (`a REVOLVER`, `BRICK BRADDOCK
//! (60s)`), a lexicon of everyday words (`a dog`, `rain`), and explicit notes
//! (`[[prop: chain, padlock]]`). Notes can also set the story day (`[[day: 3]]`).

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;

use oneshot_model::script::{
    CharacterSummary, NUMBER_WORDS, TITLES, a_dot_ends, heading_era, is_a_flash, is_cast_together,
    is_group_cue, is_part_number, is_unnamed_voice, names_a_shot, place_key, seen_lines,
};
use oneshot_model::{Category, DialogueLine, Scene, Script, SourceSpan};

use crate::fountain::is_upper;
use crate::heading;
use crate::layout::{self, LINES_PER_PAGE, Layout};
use crate::lexicon::{self, Fnv, Found};
use crate::tree::{Document, Element, ElementKind};

/// Speaking pace for dialogue: 150 words a minute.
pub const WORDS_PER_SECOND: f32 = 2.5;
/// The shortest time a spoken line gets on screen.
pub const MIN_LINE_SECONDS: f32 = 1.0;
/// The beat a parenthetical adds (a look, a pause).
pub const PARENTHETICAL_SECONDS: f32 = 0.5;
/// Action plays at the page-a-minute rule: one printed line is 60/55 seconds.
pub const ACTION_SECONDS_PER_LINE: f32 = 60.0 / LINES_PER_PAGE as f32;

/// Breaks a parsed document down. `fallback_title` names the script when its title
/// page has no `Title`. The document is consumed: its headings, speeches, action
/// paragraphs and title page move into the script instead of being copied.
pub fn breakdown(mut doc: Document, fallback_title: &str) -> Script {
    let title = doc
        .title_value("title")
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| fallback_title.to_owned());
    secondary_headings_into_action(&mut doc.elements);
    let ranges = scene_ranges(&doc.elements);
    let elements = &doc.elements;
    let layout = layout::layout(elements);
    let characters = summaries(elements, &ranges);
    // From here on, headings and speeches move from the document into the scenes.
    let mut scenes: Vec<Scene> = ranges
        .iter()
        .enumerate()
        .map(|(i, range)| scene(i as u32 + 1, &mut doc.elements[range.clone()]))
        .collect();
    one_spelling_per_place(&mut scenes);
    let elements = &doc.elements;
    let (introductions, parts) = introductions(elements, &ranges);
    assign_story_days(&mut scenes, elements, &ranges);
    let cast = Cast::new(&scenes, introductions, &parts);
    let mut tokens = Vec::new();
    for ((scene, range), parts) in scenes.iter_mut().zip(&ranges).zip(&parts) {
        cast.elements(scene, &elements[range.clone()], parts, &mut tokens);
        time(scene, elements, range, &layout);
    }
    assign_transitions(&mut scenes, elements, &ranges);
    for (scene, range) in scenes.iter_mut().zip(&ranges) {
        let elements = &mut doc.elements[range.clone()];
        // A synopsis under a section (`# ACT II`) is the act's, not the scene's.
        let synopses: Vec<&str> = elements
            .iter()
            .take_while(|e| !matches!(e.kind, ElementKind::Section { .. }))
            .filter(|e| matches!(e.kind, ElementKind::Synopsis))
            .map(|e| e.text.trim())
            .filter(|text| !text.is_empty())
            .collect();
        scene.synopsis = (!synopses.is_empty()).then(|| synopses.join(" "));
        scene.action = elements
            .iter_mut()
            .filter(|e| matches!(e.kind, ElementKind::Action))
            .map(|e| std::mem::take(&mut e.text))
            .collect();
    }
    Script {
        title,
        title_page: doc.title_page,
        scenes,
        characters,
    }
}

/// Gives every scene at one place the place's first spelling (`BIG TOP` for a
/// later `BIG-TOP`, see [`place_key`]), so the reports and the schedule see one place.
fn one_spelling_per_place(scenes: &mut [Scene]) {
    let mut spelling: HashMap<String, usize, Fnv> = HashMap::default();
    for i in 0..scenes.len() {
        let first = *spelling.entry(place_key(&scenes[i].location)).or_insert(i);
        if first != i && scenes[first].location != scenes[i].location {
            scenes[i].location = scenes[first].location.clone();
        }
    }
}

/// Turns a forced heading that names a shot (`.SNIPER SCOPE POV`) into action of
/// the scene it is in; and, in a script whose scenes open `INT.` or `EXT.`, one
/// that names neither inside nor outside nor a time (`.AT THE DOOR`, `.NAK`,
/// `.KITCHEN`): such a writer uses Fountain's `.` for a shot or a corner of the
/// set, not for a new set. Its words read as action: whom it names is there, what
/// it names is an element. A numbered heading (`#12#`) is a scene whatever it
/// says, and so is every heading of a script that writes no scene with `INT.`
/// (`.THE ALLEY`, or in another language, `.INNEN. KÜCHE - TAG`).
fn secondary_headings_into_action(elements: &mut [Element]) {
    let headings = || {
        (elements.iter().enumerate()).filter_map(|(i, element)| match &element.kind {
            ElementKind::SceneHeading { scene_number } => {
                Some((i, heading::split(&element.text), scene_number.is_some()))
            }
            _ => None,
        })
    };
    let scenes_say_where = headings().any(|(_, parts, _)| parts.int_ext.is_some());
    let secondary: Vec<usize> = headings()
        .skip(1)
        .filter(|(_, parts, numbered)| {
            let bare = parts.int_ext.is_none() && parts.time_of_day.is_none() && !numbered;
            bare && (scenes_say_where || names_a_shot(&parts.location))
        })
        .map(|(i, ..)| i)
        .collect();
    for i in secondary {
        elements[i].kind = ElementKind::Action;
    }
}

/// Whether action is a writer's note to the reader (`**Note: the production
/// values for this don't have to be great.**`).
fn is_writers_note(text: &str) -> bool {
    let text = text.trim_start_matches(['*', '_', ' ']).as_bytes();
    text.len() >= 5 && text[..5].eq_ignore_ascii_case(b"note:")
}

/// Element ranges of the scenes: each heading to the next. What comes before the
/// first heading is a scene of its own (with an empty heading) only when it has
/// action or dialogue, like the opening of a film that starts before its first slug.
fn scene_ranges(elements: &[Element]) -> Vec<Range<usize>> {
    let mut starts: Vec<usize> = elements
        .iter()
        .enumerate()
        .filter(|(_, e)| matches!(e.kind, ElementKind::SceneHeading { .. }))
        .map(|(i, _)| i)
        .collect();
    let first = starts.first().copied().unwrap_or(elements.len());
    let has_opening = elements[..first].iter().any(|e| match e.kind {
        // `FADE IN:` is written as action but is a transition, and a writer's
        // `Note: ...` to the reader is no part of the film.
        ElementKind::Action => {
            !(is_upper(&e.text) && e.text.trim_end().ends_with(':') || is_writers_note(&e.text))
        }
        ElementKind::Character { .. } => true,
        _ => false,
    });
    if has_opening {
        starts.insert(0, 0);
    }
    starts
        .iter()
        .enumerate()
        .map(|(i, &start)| start..starts.get(i + 1).copied().unwrap_or(elements.len()))
        .collect()
}

/// A scene's heading parts, dialogue lines, speaking cast and source span. The
/// heading's text and the speeches' names and words move out of `elements`.
fn scene(number: u32, elements: &mut [Element]) -> Scene {
    let mut scene = Scene {
        number,
        ..Scene::default()
    };
    if let Some(Element {
        kind: ElementKind::SceneHeading { scene_number },
        text,
        ..
    }) = elements.first_mut()
    {
        let parts = heading::split(text);
        scene.heading = std::mem::take(text);
        scene.int_ext = parts.int_ext;
        scene.location = parts.location;
        scene.time_of_day = parts.time_of_day;
        scene.scene_number = scene_number.take();
    }
    scene.span = SourceSpan {
        start: elements.first().map_or(0, |e| e.span.start),
        end: elements.iter().map(|e| e.span.end).max().unwrap_or(0),
        line: elements.first().map_or(0, |e| e.span.line),
    };
    scene.lines = dialogue_lines(elements);
    let mut seen: HashSet<&str, Fnv> = HashSet::default();
    for line in &scene.lines {
        if seen.insert(line.character.as_str()) {
            scene.speaking.push(line.character.clone());
        }
    }
    scene
}

/// A scene's length in eighths (from its top on the page to the next scene's, less
/// the rest of a page a forced page break, `===`, leaves blank) and its estimated
/// screen time (its lines spoken, its action at a page a minute).
fn time(scene: &mut Scene, elements: &[Element], range: &Range<usize>, layout: &Layout) {
    let top = layout.placed.get(range.start).map_or(0, |p| p.top);
    let end = layout.placed.get(range.end).map_or(layout.end, |p| p.top);
    let blank: u32 = (range.start + 1..range.end)
        .filter(|&i| matches!(elements[i].kind, ElementKind::PageBreak))
        .map(|i| {
            let before = layout.placed[i - 1];
            layout.placed[i]
                .top
                .saturating_sub(before.top + before.lines)
        })
        .sum();
    scene.eighths = layout::eighths(end.saturating_sub(top).saturating_sub(blank));
    let action_lines: u32 = elements[range.clone()]
        .iter()
        .zip(&layout.placed[range.clone()])
        .filter(|(element, _)| matches!(element.kind, ElementKind::Action))
        .map(|(_, placed)| placed.lines + 1)
        .sum();
    let spoken: f32 = scene.lines.iter().map(|l| l.duration_s).sum();
    scene.estimated_seconds = spoken + action_lines as f32 * ACTION_SECONDS_PER_LINE;
}

/// Each scene's written transitions: a fade in just before its heading, and the
/// transition after its last line. Notes, synopses, sections and page breaks in
/// between are passed over.
fn assign_transitions(scenes: &mut [Scene], elements: &[Element], ranges: &[Range<usize>]) {
    let printed = |e: &&Element| {
        !matches!(
            e.kind,
            ElementKind::Note
                | ElementKind::Synopsis
                | ElementKind::Section { .. }
                | ElementKind::PageBreak
        )
    };
    for (scene, range) in scenes.iter_mut().zip(ranges) {
        scene.transition_in = elements[..range.start]
            .iter()
            .rev()
            .find(printed)
            .and_then(transition)
            .filter(|words| fades_in(words));
        // `> THE END <` after the last transition does not take its place.
        scene.transition_out = elements[range.clone()]
            .iter()
            .rev()
            .filter(printed)
            .filter(|e| !matches!(e.kind, ElementKind::Centered))
            .find(|e| !transition(e).is_some_and(|words| fades_in(&words)))
            .and_then(transition);
    }
}

/// The words of a transition in upper case: a Fountain transition, or a short
/// action in capitals that fades or irises (`FADE IN:`, `FADE TO BLACK.`), which
/// writers rarely force.
fn transition(element: &Element) -> Option<String> {
    let words = element.text.trim();
    let fades = || {
        let mut split = words.split_whitespace();
        is_upper(words)
            && split
                .next()
                .is_some_and(|first| first == "FADE" || first == "IRIS")
            && split.count() < 4
    };
    match element.kind {
        ElementKind::Transition => Some(words.to_uppercase()),
        ElementKind::Action if fades() => Some(words.to_owned()),
        _ => None,
    }
}

/// `FADE IN:`, `FADE UP:`, `IRIS IN:`: a transition that opens the next scene.
fn fades_in(words: &str) -> bool {
    ["FADE IN", "FADE UP", "IRIS IN"]
        .iter()
        .any(|opening| words.starts_with(opening))
}

/// Spoken duration of a line of dialogue whose words are one space apart (as
/// [`push_words`] joins them, so counting spaces counts words).
fn line_seconds(text: &str, parenthetical: bool) -> f32 {
    let spaces = text.bytes().filter(|&b| b == b' ').count();
    let words = if text.is_empty() { 0 } else { spaces + 1 } as f32;
    let beat = if parenthetical {
        PARENTHETICAL_SECONDS
    } else {
        0.0
    };
    (words / WORDS_PER_SECOND).max(MIN_LINE_SECONDS) + beat
}

/// The scene's speeches as lines: a parenthetical inside a speech starts a new line
/// (it is where the actor changes delivery, and where the animatic can cut).
fn dialogue_lines(elements: &mut [Element]) -> Vec<DialogueLine> {
    // A line per cue and per parenthetical at most: room for them all up front
    // instead of growing (and copying) the vector speech by speech.
    let most = elements
        .iter()
        .filter(|e| {
            matches!(
                e.kind,
                ElementKind::Character { .. } | ElementKind::Parenthetical
            )
        })
        .count();
    let mut lines: Vec<DialogueLine> = Vec::with_capacity(most);
    let mut current: Option<DialogueLine> = None;
    // The scene's action paragraphs so far: each line says where it falls among them.
    let mut action_before = 0;
    let finish = |line: Option<DialogueLine>, lines: &mut Vec<DialogueLine>| {
        if let Some(mut line) = line {
            if !line.text.is_empty() || line.parenthetical.is_some() {
                line.duration_s = line_seconds(&line.text, line.parenthetical.is_some());
                lines.push(line);
            }
        }
    };
    for element in elements {
        match &mut element.kind {
            ElementKind::Character {
                name,
                extensions,
                dual,
            } => {
                finish(current.take(), &mut lines);
                current = Some(DialogueLine {
                    character: std::mem::take(name),
                    extensions: std::mem::take(extensions),
                    dual: *dual,
                    span: element.span,
                    action_before,
                    ..DialogueLine::default()
                });
            }
            ElementKind::Parenthetical => {
                let Some(line) = current.as_mut() else {
                    continue;
                };
                if !line.text.is_empty() {
                    let next = DialogueLine {
                        text: String::new(),
                        parenthetical: None,
                        span: element.span,
                        ..line.clone()
                    };
                    finish(current.replace(next), &mut lines);
                }
                if let Some(line) = current.as_mut() {
                    let paren = line.parenthetical.get_or_insert_with(String::new);
                    if !paren.is_empty() {
                        paren.push(' ');
                    }
                    paren.push_str(&element.text);
                    line.span.end = element.span.end;
                }
            }
            ElementKind::Dialogue | ElementKind::Lyrics => {
                let Some(line) = current.as_mut() else {
                    continue;
                };
                if line.text.is_empty() {
                    line.text = std::mem::take(&mut element.text);
                    one_space_between_words(&mut line.text);
                } else {
                    push_words(&mut line.text, &element.text);
                }
                line.span.end = element.span.end;
            }
            ElementKind::Note => {}
            ElementKind::Action => {
                action_before += 1;
                finish(current.take(), &mut lines);
            }
            _ => finish(current.take(), &mut lines),
        }
    }
    finish(current, &mut lines);
    lines
}

/// Rewrites `text` in place with one space between its words, as [`push_words`]
/// writes them: a speech's first words keep the document's allocation.
fn one_space_between_words(text: &mut String) {
    if !text.is_ascii() {
        let words = std::mem::take(text);
        push_words(text, &words);
        return;
    }
    // ASCII: the text only shrinks, so each word moves left into place.
    let mut bytes = std::mem::take(text).into_bytes();
    let mut end = 0;
    let mut at = 0;
    while let Some(word) = next_ascii_word(&bytes, at) {
        at = word.end;
        if end > 0 {
            bytes[end] = b' ';
            end += 1;
        }
        bytes.copy_within(word.clone(), end);
        end += word.len();
    }
    bytes.truncate(end);
    // Only whole ASCII words and spaces were kept: still UTF-8.
    *text = String::from_utf8(bytes).unwrap_or_default();
}

/// Appends the words of `text` to `out`, one space between words (line breaks and
/// runs of spaces in the source become one space).
fn push_words(out: &mut String, text: &str) {
    out.reserve(text.len() + 1);
    let mut add = |word: &str| {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    };
    if !text.is_ascii() {
        text.split_whitespace().for_each(add);
        return;
    }
    // ASCII: words are the runs between whitespace bytes; nothing is decoded.
    let mut at = 0;
    while let Some(word) = next_ascii_word(text.as_bytes(), at) {
        at = word.end;
        add(&text[word]);
    }
}

/// The next word of ASCII `text` at or after byte `from`: a run of bytes that are
/// not whitespace.
fn next_ascii_word(text: &[u8], from: usize) -> Option<Range<usize>> {
    let mut start = from;
    while start < text.len() && layout::is_ascii_space(text[start]) {
        start += 1;
    }
    let mut end = start;
    while end < text.len() && !layout::is_ascii_space(text[end]) {
        end += 1;
    }
    (end > start).then_some(start..end)
}

/// Everyone the script names: speaking characters, and silent ones the writer
/// introduced in capitals with an age or description (`BRICK BRADDOCK (60s)`).
struct Cast {
    /// First name word (upper case) -> the names starting with it, longest first.
    by_first_word: HashMap<String, Vec<Known>, Fnv>,
    /// Names in scripts without capitals (`李明`): Chinese and Japanese write no
    /// spaces between words either, so these are found as text, not as words.
    caseless: Vec<String>,
}

/// A cast name as written and as upper-case words for matching.
struct Known {
    name: String,
    words: Vec<String>,
}

impl Cast {
    /// The speaking cast, then the `introductions` (see [`introductions`]) that
    /// are not a speaking name with more words (`BRICK` speaks: `BRICK BRADDOCK`
    /// is him), and the scenes' `parts` of two words or more (`an OLD WOMAN`): a
    /// writer who goes on to call her `the Old Woman` in later scenes names her,
    /// and she is there. A part of one word (`a GUARD`) is found only where the
    /// capitals introduce it: `Guard dogs bark` is none of it.
    fn new(scenes: &[Scene], introductions: Vec<Vec<&str>>, parts: &[Vec<Vec<&str>>]) -> Cast {
        let mut cast = Cast {
            by_first_word: HashMap::default(),
            caseless: Vec::new(),
        };
        // Each speaking name once: the same names speak in scene after scene.
        let mut seen = HashSet::new();
        let mut speakers: Vec<Vec<String>> = Vec::new();
        let mut known_speakers: HashSet<Vec<String>, Fnv> = HashSet::default();
        for name in scenes.iter().flat_map(|s| &s.speaking) {
            // A crowd is no one to find in the action.
            if !seen.insert(name.as_str()) || is_group_cue(name) {
                continue;
            }
            cast.add(name);
            let words: Vec<String> = words(name).map(|(_, w)| w.to_uppercase()).collect();
            if !words.is_empty() && known_speakers.insert(words.clone()) {
                speakers.push(words);
            }
        }
        for run in introductions {
            if !contains_speaker(&speakers, &run) {
                cast.add(&run.join(" "));
            }
        }
        for run in parts.iter().flatten().filter(|run| run.len() >= 2) {
            if !contains_speaker(&speakers, run) {
                cast.add(&run.join(" "));
            }
        }
        // Two who speak together are found in the action one by one.
        let joint: Vec<Vec<String>> = seen
            .iter()
            .filter(|name| cast.speakers_of(name).len() == 2)
            .map(|name| words(name).map(|(_, w)| w.to_uppercase()).collect())
            .collect();
        for names in cast.by_first_word.values_mut() {
            names.retain(|known| !joint.contains(&known.words));
        }
        cast
    }

    fn add(&mut self, name: &str) {
        let caseless = |c: char| c.is_alphabetic() && !c.is_uppercase() && !c.is_lowercase();
        if name.chars().next().is_some_and(caseless) {
            if !self.caseless.iter().any(|known| known == name) {
                self.caseless.push(name.to_owned());
            }
            return;
        }
        let words: Vec<String> = words(name).map(|(_, w)| w.to_uppercase()).collect();
        let Some(first) = words.first() else { return };
        let entry = self.by_first_word.entry(first.clone()).or_default();
        if !entry.iter().any(|known| known.words == words) {
            entry.push(Known {
                name: name.to_owned(),
                words,
            });
            // Longest names first, so `YOUNG EDWARD` wins over `YOUNG`.
            entry.sort_by_key(|known| std::cmp::Reverse(known.words.len()));
        }
    }

    /// Who speaks a cue: its name, or both names of a cue two speak together
    /// (`EDWARD AND WILL`, `RAY & DEX`) when each speaks on their own elsewhere,
    /// or both parts of a numbered pair (`PATRONS THREE AND FOUR` are `PATRON
    /// THREE` and `PATRON FOUR`).
    fn speakers_of<'n>(&self, name: &'n str) -> Vec<Cow<'n, str>> {
        for joint in [" AND ", " & ", "/"] {
            if let Some((one, other)) = name.split_once(joint) {
                let (one, other) = (one.trim(), other.trim());
                if self.is_named(one) && self.is_named(other) {
                    return vec![Cow::Borrowed(one), Cow::Borrowed(other)];
                }
                if let Some(pair) = numbered_pair(one, other) {
                    return pair.map(Cow::Owned).into();
                }
            }
        }
        vec![Cow::Borrowed(name)]
    }

    /// Whether `name` is a cast name as written, in any case.
    fn is_named(&self, name: &str) -> bool {
        let words: Vec<String> = words(name).map(|(_, w)| w.to_uppercase()).collect();
        words.first().is_some_and(|first| {
            self.by_first_word
                .get(first)
                .is_some_and(|names| names.iter().any(|known| known.words == words))
        })
    }

    /// Names mentioned in `tokens` (words of action): capitalised words matching a
    /// cast name, but not for something of theirs (`Edward's stories`, where Edward
    /// need not be; `Edward's hand` is him) nor for someone [`elsewhere`].
    fn mentions(
        &self,
        tokens: &[&str],
        ends: &[bool],
        clauses_end: &[bool],
        found: &mut Vec<String>,
    ) {
        let mut key = String::new();
        let mut i = 0;
        while i < tokens.len() {
            let names = if capitalised(tokens[i]) {
                key.clear();
                let word = strip_possessive(tokens[i]);
                if word.is_ascii() {
                    key.push_str(word);
                    key.make_ascii_uppercase();
                } else {
                    key.extend(word.chars().flat_map(char::to_uppercase));
                }
                self.by_first_word.get(&key)
            } else {
                None
            };
            let matched = names.and_then(|names| {
                names.iter().find(|known| {
                    known.words.len() <= tokens.len() - i
                        && known.words.iter().zip(&tokens[i..]).all(|(n, t)| {
                            capitalised(t) && same_word(strip_possessive(t), n) || same_word(t, n)
                        })
                })
            });
            match matched {
                Some(known) => {
                    let after = i + known.words.len();
                    let last = tokens[after - 1];
                    let theirs = strip_possessive(last).len() < last.len()
                        && names_a_thing(&tokens[after..]);
                    // The sentence it is in: `ends` marks each sentence's last word.
                    let start = ends[..i]
                        .iter()
                        .rposition(|&end| end)
                        .map_or(0, |end| end + 1);
                    let end = (ends[after - 1..].iter().position(|&end| end))
                        .map_or(tokens.len(), |end| after + end);
                    let clause_ends = clauses_end[after - 1];
                    let away = elsewhere(&tokens[start..i], &tokens[after..end], clause_ends);
                    if !theirs && !away && !found.contains(&known.name) {
                        found.push(known.name.clone());
                    }
                    i += known.words.len();
                }
                None => i += 1,
            }
        }
    }

    /// Fills `mentioned` and `elements` for one scene, `parts` its parts named by
    /// what they are (see [`introductions`]); `tokens` is room for the words of a
    /// paragraph, kept from scene to scene.
    fn elements<'e>(
        &self,
        scene: &mut Scene,
        elements: &'e [Element],
        parts: &[Vec<&str>],
        tokens: &mut Vec<&'e str>,
    ) {
        let mut mentioned = Vec::new();
        let mut found: BTreeMap<oneshot_model::Category, Vec<String>> = BTreeMap::new();
        let mut add = |category: Category, item: &str| {
            let list = found.entry(category).or_default();
            if !list.iter().any(|known| lexicon::same_element(known, item)) {
                list.push(item.to_owned());
            }
        };
        let mut ends = Vec::new();
        let mut breaks = Vec::new();
        let mut clauses_end = Vec::new();
        // A scene set in a vehicle (`INT. CAR - MOVING`, `EXT. HIGHWAY - EDWARD'S
        // CAR`) has it in picture: a vehicle one of its place's parts ends on, not a
        // place named after one (`CAR WASH`, `BUS TERMINAL`). A heading has no
        // article: the place is `the` one.
        let pieces = scene.location.split([',', '/', '(', ')', '-', '–', '—']);
        for piece in pieces.map(str::trim).filter(|piece| !piece.is_empty()) {
            let place: Vec<&str> = std::iter::once("the")
                .chain(words(piece).map(|(_, w)| w))
                .collect();
            let vehicle =
                (1..place.len()).find_map(|start| match lexicon::lookup(&place, start)? {
                    Found {
                        category: Some(Category::Vehicles),
                        entry,
                        words,
                    } if start + words == place.len() => Some(entry),
                    _ => None,
                });
            if let Some(vehicle) = vehicle {
                add(Category::Vehicles, vehicle);
            }
        }
        for element in elements {
            match element.kind {
                ElementKind::Action => {
                    tokens.clear();
                    ends.clear();
                    breaks.clear();
                    clauses_end.clear();
                    // A super's words are on the screen, not in front of the camera.
                    for line in seen_lines(&element.text) {
                        for (at, word) in words(line) {
                            tokens.push(word);
                            let rest = &line[at + word.len()..];
                            ends.push(ends_a_sentence(word, rest));
                            breaks.push(rest.starts_with(|c: char| c.is_ascii_punctuation()));
                            // A dash or a semicolon: the clause ends here.
                            let after = rest.trim_start();
                            clauses_end.push(after.starts_with(['-', '–', '—', ';']));
                        }
                    }
                    self.mentions(tokens, &ends, &clauses_end, &mut mentioned);
                    for name in &self.caseless {
                        let named =
                            seen_lines(&element.text).any(|line| line.contains(name.as_str()));
                        if named && !mentioned.contains(name) {
                            mentioned.push(name.clone());
                        }
                    }
                    // Capitalised first mentions are matched like any other word here;
                    // their real work is introducing silent cast (see `Cast::new`).
                    for (category, entry) in listed(tokens, &breaks) {
                        add(category, entry);
                    }
                }
                // Sung words are a song to clear.
                ElementKind::Lyrics => add(Category::SoundEffectsMusic, "song"),
                ElementKind::Note => {
                    if let Some((key, values)) = element.text.split_once(':') {
                        if let Some(category) = lexicon::note_category(key) {
                            for value in values.split(',').map(str::trim).filter(|v| !v.is_empty())
                            {
                                add(category, value);
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        // The scene's own parts (`an OLD WOMAN`) join the cast as parts, below,
        // in the order the action introduces them.
        mentioned.retain(|name| !parts.iter().any(|run| words_are(run, name)));
        // Sets beside the lists: a scene of thousands of speakers stays quick.
        let mut cast: Vec<String> = Vec::new();
        let mut in_cast: HashSet<String, Fnv> = HashSet::default();
        let mut far_end = on_the_phone(&scene.lines, elements, &mentioned);
        far_end.extend(on_the_air(&scene.lines, elements, &mentioned));
        let on_set: HashSet<&str, Fnv> = (scene.lines.iter())
            .filter(|line| !line.voice_over() && !far_end.contains(&line.character.as_str()))
            .map(|line| line.character.as_str())
            .collect();
        let another_name = one_person_named_twice(&scene.speaking, &mentioned, &on_set, elements);
        for name in &scene.speaking {
            if another_name.contains(name) {
                continue;
            }
            if is_group_cue(name) {
                // A crowd's lines are the extras' walla; an unnamed voice is no
                // one's, and `ALL` are the cast already here.
                let crowd = name.to_lowercase();
                let crowd = crowd.strip_prefix("the ").unwrap_or(&crowd);
                if !is_unnamed_voice(name) && !is_cast_together(name) {
                    add(Category::Extras, crowd);
                }
                continue;
            }
            // A voice over is recorded apart: its speaker is cast here only when
            // the action puts them in the scene too.
            if !on_set.contains(name.as_str()) && !mentioned.contains(name) {
                continue;
            }
            for one in self.speakers_of(name) {
                if in_cast.insert(one.to_string()) {
                    cast.push(one.into_owned());
                }
            }
        }
        let speaking: HashSet<&str, Fnv> = scene.speaking.iter().map(String::as_str).collect();
        mentioned.retain(|name| {
            !speaking.contains(name.as_str())
                && !in_cast.contains(name)
                && !another_name.contains(name)
        });
        in_cast.extend(mentioned.iter().cloned());
        cast.extend(mentioned.iter().cloned());
        // A part named by what they are is one of the cast when it alone holds
        // their name: `an EXTREMELY HANDSOME MAN` who speaks as `HANDSOME MAN`;
        // with an OLD MAN and a YOUNG MAN there, which of them speaks as `MAN` is
        // not said.
        let named: Vec<Vec<String>> = (cast.iter())
            .map(|name| {
                words(name)
                    .map(|(_, w)| w.to_uppercase())
                    .collect::<Vec<_>>()
            })
            .filter(|name| {
                let holding = parts
                    .iter()
                    .filter(|run| contains_speaker(std::slice::from_ref(name), run));
                holding.count() == 1
            })
            .collect();
        let parts = (parts.iter())
            .filter(|run| !contains_speaker(&named, run))
            .map(|words| words.join(" "));
        for name in parts.chain(found.remove(&Category::Cast).into_iter().flatten()) {
            if in_cast.insert(name.clone()) {
                cast.push(name);
            }
        }
        for list in found.values_mut() {
            lexicon::one_name_each(list);
        }
        if !cast.is_empty() {
            found.insert(Category::Cast, cast);
        }
        scene.mentioned = mentioned;
        scene.elements = found;
    }
}

/// Speakers at the far end of a telephone call: one whose first line comes
/// after action that places or takes a call (`She grabs the phone and dials.`,
/// `The phone rings. Kate answers.`), whom the scene's action never names, and who
/// is answered by someone it does name. They are heard, not on the set, unless the
/// scene cuts between the two ends (`INTERCUT`). `mentioned` are the names the
/// scene's action gives.
fn on_the_phone<'l>(
    lines: &'l [DialogueLine],
    elements: &[Element],
    mentioned: &[String],
) -> Vec<&'l str> {
    let mut spoken: HashSet<&str, Fnv> = HashSet::default();
    let mut far_end = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let name = line.character.as_str();
        if mentioned.iter().any(|known| known == name) || !spoken.insert(name) {
            continue;
        }
        // A call placed in the paragraph before the line, or in the one before
        // that and not hung up since (`The phone rings.`, then the answer, then
        // `The voice is that of a woman.`).
        // Looked up only for a speaker the action does not name: most scenes have none.
        let paragraph = |back: usize| paragraph_before(elements, line, back);
        let call = paragraph(1).is_some_and(|p| places_a_call(&p.text))
            || paragraph(2).is_some_and(|p| places_a_call(&p.text))
                && paragraph(1).is_some_and(|p| !hangs_up(&p.text));
        let answered = || {
            (lines[i + 1..].iter())
                .take_while(|next| next.action_before == line.action_before)
                .any(|next| next.character != name && mentioned.contains(&next.character))
        };
        if call && answered() {
            far_end.push(name);
        }
    }
    let intercut = || {
        (elements.iter()).any(|e| words(&e.text).any(|(_, w)| w.eq_ignore_ascii_case("INTERCUT")))
    };
    if !far_end.is_empty() && intercut() {
        far_end.clear();
    }
    far_end
}

/// Names in a scene that are another's for the same person, of those speaking and
/// `mentioned`: a name and its form with an age (`EDWARD` and `YOUNG EDWARD`) are
/// one, the one who speaks on the set (`on_set`), or else the one with the age;
/// and a name the action gives after the title of a speaker's cue (`DR. JULIUS
/// BENNETT`, who speaks as `DR. BENNETT`) is that speaker.
fn one_person_named_twice(
    speaking: &[String],
    mentioned: &[String],
    on_set: &HashSet<&str, Fnv>,
    elements: &[Element],
) -> HashSet<String> {
    const AGES: [&str; 8] = [
        "YOUNG", "YOUNGER", "OLD", "OLDER", "LITTLE", "ADULT", "TEEN", "TEENAGE",
    ];
    let named: Vec<&str> = speaking
        .iter()
        .chain(mentioned)
        .map(String::as_str)
        .collect();
    let mut another = HashSet::new();
    for &aged in &named {
        let Some((age, name)) = aged.split_once(' ') else {
            continue;
        };
        if !AGES.iter().any(|a| a.eq_ignore_ascii_case(age)) || !named.contains(&name) {
            continue;
        }
        match (on_set.contains(aged), on_set.contains(name)) {
            (true, true) => {}
            (false, true) => _ = another.insert(aged.to_owned()),
            _ => _ = another.insert(name.to_owned()),
        }
    }
    for &speaker in named.iter().filter(|name| on_set.contains(*name)) {
        let Some((title, surname)) = speaker.split_once(' ') else {
            continue;
        };
        let titled = TITLES
            .iter()
            .any(|t| t.eq_ignore_ascii_case(title.trim_end_matches('.')));
        if !titled || surname.contains(' ') {
            continue;
        }
        let action: Vec<String> = (elements.iter())
            .filter(|e| matches!(e.kind, ElementKind::Action))
            .map(|e| e.text.to_uppercase())
            .collect();
        let written = |words: &str| action.iter().any(|text| text.contains(words));
        let titled: Vec<&str> = (named.iter().copied())
            .filter(|&name| name != speaker && !on_set.contains(name))
            .filter(|name| {
                name.rsplit_once(' ')
                    .is_some_and(|(_, last)| last == surname)
            })
            .filter(|name| written(&format!("{title} {name}").to_uppercase()))
            .collect();
        // Only one such name, and the speaker not written apart from it (`DR.
        // BENNETT and his wife DR. SARAH BENNETT` are two).
        if let [name] = titled[..] {
            if !written(&speaker.to_uppercase()) {
                another.insert(name.to_owned());
            }
        }
    }
    another
}

/// Speakers heard on a television or a radio: a broadcaster's cue (`NEWSCASTER`,
/// `ANNOUNCER`, `TV REPORTER`) whom the scene's action never names, whose first
/// line follows a paragraph, or the one before it, with a set in it (`.ON THE
/// TV`, `The radio plays.`): not one turned off, nor a TV crew or studio.
fn on_the_air<'l>(
    lines: &'l [DialogueLine],
    elements: &[Element],
    mentioned: &[String],
) -> Vec<&'l str> {
    const BROADCASTERS: [&str; 9] = [
        "NEWSCASTER",
        "NEWSREADER",
        "ANCHOR",
        "ANCHORMAN",
        "ANCHORWOMAN",
        "ANNOUNCER",
        "WEATHERMAN",
        "WEATHERWOMAN",
        "COMMENTATOR",
    ];
    const SETS: [&str; 3] = ["tv", "television", "radio"];
    const NOT_A_SET: [&str; 4] = ["crew", "studio", "station", "camera"];
    let is = |word: &str, list: &[&str]| list.iter().any(|w| w.eq_ignore_ascii_case(word));
    let has_a_set = |text: &str| {
        let words: Vec<&str> = words(text).map(|(_, w)| w).collect();
        let set = (0..words.len()).any(|i| {
            is(words[i], &SETS) && !words.get(i + 1).is_some_and(|next| is(next, &NOT_A_SET))
        });
        set && !words.iter().any(|w| is(w, &["off"]))
    };
    let mut spoken: HashSet<&str, Fnv> = HashSet::default();
    let mut heard = Vec::new();
    for line in lines {
        let name = line.character.as_str();
        let broadcaster = name.split_whitespace().any(|w| is(w, &BROADCASTERS));
        let first_line = spoken.insert(name);
        if !first_line || !broadcaster || mentioned.iter().any(|known| known == name) {
            continue;
        }
        // Looked for only behind a broadcaster's first line: most scenes have none.
        let set_before = (1..=2)
            .filter_map(|back| paragraph_before(elements, line, back))
            .any(|paragraph| has_a_set(&paragraph.text));
        if set_before {
            heard.push(name);
        }
    }
    heard
}

/// The scene's action paragraph `back` paragraphs before `line` (1: the one just
/// before it), among its `elements`.
fn paragraph_before<'e>(
    elements: &'e [Element],
    line: &DialogueLine,
    back: usize,
) -> Option<&'e Element> {
    let n = (line.action_before as usize).checked_sub(back)?;
    (elements.iter())
        .filter(|e| matches!(e.kind, ElementKind::Action))
        .nth(n)
}

/// Whether action ends a call (`Scott hangs up.`).
fn hangs_up(text: &str) -> bool {
    let words: Vec<&str> = words(text).map(|(_, w)| w).collect();
    words.windows(2).any(|pair| {
        ["hangs", "hang", "hung"]
            .iter()
            .any(|h| pair[0].eq_ignore_ascii_case(h))
            && pair[1].eq_ignore_ascii_case("up")
    })
}

/// Whether action places or takes a telephone call: a sentence where someone
/// dials (`Kate dials.`), or with a telephone that rings, is answered or picked up
/// (`She lifts the receiver.`, `Her cell rings.`). A phone taken along (`grabs
/// her phone and her coat`) or hung up places none, nor do a cell's lock or the
/// dials of a machine (`The dials spin.`).
fn places_a_call(text: &str) -> bool {
    const PHONES: [&str; 7] = [
        "phone",
        "telephone",
        "cellphone",
        "cell",
        "mobile",
        "receiver",
        "handset",
    ];
    const DIALLING: [&str; 6] = [
        "dials", "dialing", "dialling", "dialed", "dialled", "redials",
    ];
    const RINGING: [&str; 8] = [
        "rings",
        "ringing",
        "answers",
        "answering",
        "calls",
        "calling",
        "lifts",
        "buzzes",
    ];
    // Words before a noun: `the dials` are a machine's, not someone dialling.
    const BEFORE_A_NOUN: [&str; 9] = [
        "the", "a", "its", "his", "her", "their", "two", "both", "all",
    ];
    let is = |word: &str, list: &[&str]| list.iter().any(|w| w.eq_ignore_ascii_case(word));
    text.split(['.', '!', '?', ';']).any(|sentence| {
        let words: Vec<&str> = words(sentence).map(|(_, w)| w).collect();
        let dials = (0..words.len())
            .any(|i| is(words[i], &DIALLING) && !(i > 0 && is(words[i - 1], &BEFORE_A_NOUN)));
        let picks_up = words
            .windows(2)
            .any(|pair| is(pair[0], &["picks"]) && pair[1].eq_ignore_ascii_case("up"));
        let phone = words.iter().any(|w| is(w, &PHONES));
        dials || phone && (picks_up || words.iter().any(|w| is(w, &RINGING)))
    })
}

/// Characters the writer introduces in action, as words: in script order, those
/// in capitals followed by an age or a description (`BRICK BRADDOCK (60s)`,
/// `MINNA, 22,`), found wherever the action names them after; and scene by scene
/// (of the scenes' element `ranges`), the parts it names by what they are (`an OLD
/// WOMAN with a patch`, `the STEWARDESS`), each the scene's own: `A MAN` in one
/// scene is not the man of another.
fn introductions<'e>(
    elements: &'e [Element],
    ranges: &[Range<usize>],
) -> (Vec<Vec<&'e str>>, Vec<Vec<Vec<&'e str>>>) {
    let mut introduced = Vec::new();
    let mut parts = Vec::with_capacity(ranges.len());
    for range in ranges {
        let mut scene_parts: Vec<Vec<&str>> = Vec::new();
        let action = elements[range.clone()]
            .iter()
            .filter(|element| matches!(element.kind, ElementKind::Action));
        for run in action.flat_map(|element| seen_lines(&element.text).flat_map(caps_runs)) {
            if run.words.iter().any(|w| is_stop_word(w)) {
                continue;
            }
            if run.introduced {
                introduced.push(run.words);
            } else if run.words.last().is_some_and(|w| is_a_person(w))
                && !scene_parts.contains(&run.words)
            {
                scene_parts.push(run.words);
            }
        }
        parts.push(scene_parts);
    }
    (introduced, parts)
}

/// Whether an upper-case word names one person by what they are: a part without
/// a name (`WOMAN`, `STEWARDESS`, `COP`). Plurals are extras (see the lexicon).
fn is_a_person(word: &str) -> bool {
    const PEOPLE: [&str; 123] = [
        "MAN",
        "WOMAN",
        "BOY",
        "GIRL",
        "GUY",
        "LADY",
        "GENTLEMAN",
        "KID",
        "CHILD",
        "BABY",
        "TEENAGER",
        "STRANGER",
        "STEWARDESS",
        "WAITER",
        "WAITRESS",
        "BARTENDER",
        "NURSE",
        "DOCTOR",
        "COP",
        "OFFICER",
        "DETECTIVE",
        "SHERIFF",
        "DEPUTY",
        "GUARD",
        "SOLDIER",
        "PRIEST",
        "PREACHER",
        "CLERK",
        "CASHIER",
        "DRIVER",
        "PILOT",
        "JUDGE",
        "TEACHER",
        "RECEPTIONIST",
        "SECRETARY",
        "MAID",
        "BUTLER",
        "JANITOR",
        "THUG",
        "HENCHMAN",
        "MAILMAN",
        "POSTMAN",
        "DIRECTOR",
        "MANAGER",
        "OWNER",
        "LANDLORD",
        "LANDLADY",
        "NEIGHBOR",
        "NEIGHBOUR",
        "MOTHER",
        "FATHER",
        "GRANDMOTHER",
        "GRANDFATHER",
        "BOSS",
        "ASSISTANT",
        "STUDENT",
        "PROFESSOR",
        "REPORTER",
        "PHOTOGRAPHER",
        "BOUNCER",
        "CHEF",
        "FARMER",
        "SAILOR",
        "CAPTAIN",
        "PARAMEDIC",
        "FIREFIGHTER",
        "FIREMAN",
        "MECHANIC",
        "BUSINESSMAN",
        "BUSINESSWOMAN",
        "PASSENGER",
        "HITCHHIKER",
        "LAWYER",
        "SNIPER",
        "GUNMAN",
        "ROBBER",
        "THIEF",
        "PRISONER",
        "COURIER",
        "DOORMAN",
        "VALET",
        "HOSTESS",
        "SINGER",
        "MUSICIAN",
        "CLOWN",
        "SHOPKEEPER",
        "TELLER",
        "CUSTOMER",
        "PATIENT",
        "SURGEON",
        "SALESMAN",
        "NUN",
        "MONK",
        "PRINCIPAL",
        "ATTENDANT",
        "EMCEE",
        "VENTRILOQUIST",
        "USHER",
        "BARBER",
        "LIBRARIAN",
        "COACH",
        "MAYOR",
        "SENATOR",
        "GIANT",
        "CONDUCTOR",
        "BISHOP",
        "MINISTER",
        "PASTOR",
        "BELLHOP",
        "CONCIERGE",
        "HOUSEKEEPER",
        "GARDENER",
        "FISHERMAN",
        "HUNTER",
        "RINGMASTER",
        "ACROBAT",
        "MAGICIAN",
        "JUGGLER",
        "STRONGMAN",
        "SALESWOMAN",
        "ANNOUNCER",
        "NEWSCASTER",
        "AGENT",
    ];
    PEOPLE.contains(&word)
}

/// The two parts of a numbered pair's cue split at its `AND`: `PATRONS THREE`
/// and `FOUR` are `PATRON THREE` and `PATRON FOUR`; `GUARDS #1` and `#2` are
/// `GUARD #1` and `GUARD #2`.
fn numbered_pair(first: &str, second: &str) -> Option<[String; 2]> {
    let (plural, number) = first.rsplit_once(' ')?;
    let plural = plural.trim().to_uppercase();
    // `WITNESSES`, `POLICEMEN`, `GUARDS`, or a singular `GUARD #1 AND #2`.
    let part = if let Some(men) = plural.strip_suffix("MEN") {
        format!("{men}MAN")
    } else if ["SSES", "SHES", "CHES", "XES"]
        .iter()
        .any(|end| plural.ends_with(end))
    {
        plural[..plural.len() - 2].to_owned()
    } else {
        plural.strip_suffix('S').unwrap_or(&plural).to_owned()
    };
    let second = second.trim();
    (is_part_number(number) && is_part_number(second) && !part.is_empty())
        .then(|| [format!("{part} {number}"), format!("{part} {second}")])
}

/// The lexicon's elements among `tokens`, in order, each at its longest
/// (`baseball bat`, not `bat`), but for one said to be absent (see
/// [`said_absent`]); `breaks` marks the tokens punctuation follows.
fn listed<'t>(
    tokens: &'t [&str],
    breaks: &'t [bool],
) -> impl Iterator<Item = (Category, &'static str)> + 't {
    let mut at = 0;
    // The clause `at` is in: from after one punctuation mark to the next.
    let mut clause = 0..0;
    std::iter::from_fn(move || {
        while at < tokens.len() {
            if at >= clause.end {
                let end =
                    (breaks[at..].iter().position(|&b| b)).map_or(tokens.len(), |i| at + i + 1);
                clause = at..end;
            }
            let start = at;
            let found = lexicon::lookup_in_clause(tokens, at, clause.clone());
            at += found.map_or(1, |found| found.words);
            if let Some(lexicon::Found {
                category: Some(category),
                entry,
                ..
            }) = found
            {
                if !said_absent(tokens, breaks, start) {
                    return Some((category, entry));
                }
            }
        }
        None
    })
}

/// Whether `no` or `without` comes right before the word at `at` in the same
/// clause, a determiner between them allowed (`no TV`, `without a car`); not `She
/// whispers no. The gun...` or `No, the knife!`. `breaks` marks the tokens
/// punctuation follows.
fn said_absent(tokens: &[&str], breaks: &[bool], at: usize) -> bool {
    let joined = |i: usize| !breaks.get(i).copied().unwrap_or(true);
    let mut before = at;
    if before >= 1 && joined(before - 1) && lexicon::is_determiner(tokens[before - 1]) {
        before -= 1;
    }
    before >= 1
        && joined(before - 1)
        && ["no", "without"]
            .iter()
            .any(|no| no.eq_ignore_ascii_case(tokens[before - 1]))
}

/// Whether `word`, followed by `rest` of its line, is the last of its sentence:
/// a stop, a question or exclamation mark after it (and any quote marks), but
/// not a title's dot (`Mr.`), an initial's or a decimal point.
fn ends_a_sentence(word: &str, rest: &str) -> bool {
    const CLOSERS: [char; 6] = ['"', '\'', '”', '’', ')', ']'];
    // Most words are followed by a space or a comma: the scan's quick way out.
    if matches!(
        rest.as_bytes().first(),
        None | Some(b' ' | b',' | b';' | b':' | b'-')
    ) {
        return false;
    }
    let spaced = |after: &str| {
        let after = after.trim_start_matches(CLOSERS);
        after.chars().next().is_none_or(char::is_whitespace)
    };
    let rest = rest.trim_start_matches(CLOSERS);
    match rest.chars().next() {
        Some('!' | '?') => true,
        Some('.') => !rest.starts_with("..") && spaced(&rest[1..]) && a_dot_ends(word),
        _ => false,
    }
}

/// Whether the words of its sentence `before` and `after` a name speak of
/// someone who is not there: sought or on the phone, the name ending the
/// sentence (`She looks for Ina.`, `She calls Baxter.`, or `on` after it: `calls
/// Baxter over` is him there, and so is `Ina, who hides`), or only pictured or
/// missed (`a picture of Joe`, `no sign of Ina`), or said to be away (`Nak is
/// nowhere to be seen`, `Ina is gone`). When in doubt they are there: an actor
/// left off the call sheet costs more than one called for nothing.
fn elsewhere(before: &[&str], after: &[&str], clause_ends: bool) -> bool {
    const CALLED: [&str; 8] = [
        "CALL", "CALLS", "CALLING", "PHONES", "DIALS", "DIALING", "TEXTS", "TEXTING",
    ];
    const SOUGHT: [&str; 6] = [
        "LOOK",
        "LOOKS",
        "LOOKING",
        "SEARCH",
        "SEARCHES",
        "SEARCHING",
    ];
    const PICTURED: [&str; 15] = [
        "PICTURE",
        "PICTURES",
        "PHOTO",
        "PHOTOS",
        "PHOTOGRAPH",
        "PORTRAIT",
        "PAINTING",
        "DRAWING",
        "IMAGE",
        "SIGN",
        "TRACE",
        "MEMORY",
        "MEMORIES",
        "THOUGHT",
        "THOUGHTS",
    ];
    let is = |word: &str, list: &[&str]| list.iter().any(|w| w.eq_ignore_ascii_case(word));
    // The call or the search ends with the name: the sentence ends there, or the
    // clause at a dash or a semicolon (`calls Baxter -- he reaches for the
    // phone`), or `on` follows.
    let ends_the_call = clause_ends || after.first().is_none_or(|next| is(next, &["ON"]));
    // `is nowhere to be seen`, `is gone.`; not `is missing a shoe`. Said of
    // them later in the sentence too: `looks for Ina, but she is nowhere to be seen`.
    let nowhere = |words: &[&str]| match words {
        [verb, nowhere, to, be, seen, ..] => {
            is(verb, &["IS", "WAS"])
                && is(nowhere, &["NOWHERE"])
                && is(to, &["TO"])
                && is(be, &["BE"])
                && is(seen, &["SEEN", "FOUND"])
        }
        _ => false,
    };
    if nowhere(after) {
        return true;
    }
    let said_of_them = |i: usize| is(after[i], &["HE", "SHE", "THEY"]) && nowhere(&after[i + 1..]);
    if (0..after.len()).any(said_of_them) {
        return true;
    }
    match after {
        [verb, away] if is(verb, &["IS", "WAS"]) && is(away, &["GONE", "MISSING", "ABSENT"]) => {
            return true;
        }
        _ => {}
    }
    // `calls Mr. Baxter`: the title is part of the name.
    let before = match before {
        [rest @ .., title] if title.chars().count() > 1 && !a_dot_ends(title) => rest,
        all => all,
    };
    match before {
        [.., last] if is(last, &CALLED) => ends_the_call,
        [.., verb, by] if by.eq_ignore_ascii_case("for") => is(verb, &SOUGHT) && ends_the_call,
        [.., noun, by] if by.eq_ignore_ascii_case("of") => is(noun, &PICTURED),
        _ => false,
    }
}

/// Whether the words of `run` are `name`'s, as [`Cast::add`] joins them.
fn words_are(run: &[&str], name: &str) -> bool {
    let mut words = name.split(' ');
    run.iter().all(|word| words.next() == Some(word)) && words.next().is_none()
}

/// True when an introduction (`BRICK BRADDOCK`) contains a speaking name (`BRICK`);
/// `speakers` are the speaking names as upper-case words.
fn contains_speaker(speakers: &[Vec<String>], run: &[&str]) -> bool {
    let run: Vec<String> = run.iter().map(|w| w.to_uppercase()).collect();
    speakers.iter().filter(|name| !name.is_empty()).any(|name| {
        run.windows(name.len())
            .any(|window| window == name.as_slice())
    })
}

/// The ASCII bytes [`words`] keeps inside a word, as a table: the scan's inner loop.
const ASCII_INSIDE_WORD: [bool; 128] = {
    let mut table = [false; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = (b as u8).is_ascii_alphanumeric() || matches!(b as u8, b'\'' | b'-' | b'#');
        b += 1;
    }
    table
};

/// Words with their byte offsets: letters, digits and the marks names use inside
/// words (`C-3PO`, `SARAH'S`, `#1`), without quote marks or dashes at either end.
/// Scans bytes and decodes a char only where the text is not ASCII: this runs over
/// every word of action twice per breakdown.
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let inside = |c: char| c.is_alphanumeric() || matches!(c, '\'' | '’' | '-' | '#');
    let bytes = text.as_bytes();
    // Whether the char at byte `i` belongs inside a word, and its length.
    let class = move |i: usize| match bytes[i] {
        b if b.is_ascii() => (ASCII_INSIDE_WORD[usize::from(b)], 1),
        _ => text[i..]
            .chars()
            .next()
            .map_or((false, 1), |c| (inside(c), c.len_utf8())),
    };
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() {
            let start = i;
            let mut separator = 0;
            while i < bytes.len() {
                let (is_inside, len) = class(i);
                if !is_inside {
                    separator = len;
                    break;
                }
                i += len;
            }
            let (offset, word) = trim_edges(&text[start..i]);
            i += separator;
            if !word.is_empty() {
                return Some((start + offset, word));
            }
        }
        None
    })
}

/// `word` without quote marks and dashes (`'`, `’`, `-`) at either end, and the
/// byte offset of what is left. Works on bytes: no chars decoded.
fn trim_edges(word: &str) -> (usize, &str) {
    const RIGHT_QUOTE: &[u8] = "’".as_bytes();
    let is_edge_byte = |b: &u8| matches!(b, b'\'' | b'-' | 0x80..);
    // Nearly every word starts and ends with a letter or digit: nothing to trim.
    if !word.as_bytes().first().is_some_and(is_edge_byte)
        && !word.as_bytes().last().is_some_and(is_edge_byte)
    {
        return (0, word);
    }
    let mut rest = word.as_bytes();
    let mut start = 0;
    loop {
        let cut = match rest {
            [b'\'' | b'-', ..] => 1,
            _ if rest.starts_with(RIGHT_QUOTE) => RIGHT_QUOTE.len(),
            _ => break,
        };
        rest = &rest[cut..];
        start += cut;
    }
    loop {
        let cut = match rest {
            [.., b'\'' | b'-'] => 1,
            _ if rest.ends_with(RIGHT_QUOTE) => RIGHT_QUOTE.len(),
            _ => break,
        };
        rest = &rest[..rest.len() - cut];
    }
    (start, &word[start..start + rest.len()])
}

/// Whether a word of action is `name_word` (upper case) in any case: `Zoë` is `ZOË`.
fn same_word(word: &str, name_word: &str) -> bool {
    if word.is_ascii() {
        word.eq_ignore_ascii_case(name_word)
    } else {
        word.chars()
            .flat_map(char::to_uppercase)
            .eq(name_word.chars())
    }
}

/// Whether the words after a name's possessive (`Edward's ...`) name a thing of
/// theirs, which does not put them in the scene (`Edward's stories`, `Edward's
/// chair`), rather than them: a part of them (`Karl's giant hand`), the car they
/// drive (`Will's car pulls up`), or the name's `is` or `has` (`Will's made it`,
/// `Ray's a cop`, `Dex's leaving`).
fn names_a_thing(after: &[&str]) -> bool {
    const IS_OR_HAS: [&str; 27] = [
        "a", "an", "the", "been", "got", "gotten", "gone", "not", "never", "still", "just",
        "already", "here", "there", "back", "about", "made", "done", "had", "seen", "left",
        "found", "lost", "come", "become", "taken", "told",
    ];
    let Some(next) = after.first() else {
        return true;
    };
    let is_or_has = IS_OR_HAS.iter().any(|w| w.eq_ignore_ascii_case(next))
        || next.ends_with("ed") && !next.ends_with("eed")
        || next.ends_with("ing");
    let theirs = |at: usize| {
        after.get(at).is_some_and(|word| is_body_part(word))
            || lexicon::lookup(after, at)
                .is_some_and(|found| found.category == Some(Category::Vehicles))
    };
    !is_or_has && !theirs(0) && !theirs(1)
}

/// Whether a word is a part of the body: `Edward's hand` is Edward there, unlike
/// `Edward's stories`.
fn is_body_part(word: &str) -> bool {
    const BODY: [&str; 36] = [
        "hand",
        "hands",
        "face",
        "eyes",
        "eye",
        "arm",
        "arms",
        "shoulder",
        "shoulders",
        "head",
        "back",
        "fist",
        "fists",
        "finger",
        "fingers",
        "foot",
        "feet",
        "leg",
        "legs",
        "lips",
        "mouth",
        "hair",
        "body",
        "chest",
        "knuckles",
        "jaw",
        "neck",
        "cheek",
        "gaze",
        "smile",
        "expression",
        "breath",
        "tears",
        "grip",
        "knee",
        "knees",
    ];
    BODY.iter().any(|part| part.eq_ignore_ascii_case(word))
}

fn capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

fn strip_possessive(word: &str) -> &str {
    word.strip_suffix("'S")
        .or_else(|| word.strip_suffix("'s"))
        .or_else(|| word.strip_suffix("’s"))
        .or_else(|| word.strip_suffix("’S"))
        .unwrap_or(word)
}

/// A run of upper-case words in action, and whether an age or description follows
/// it the way a character introduction does (`EDWARD BLOOM (60s)`, `MINNA, 22,`).
#[derive(Debug)]
struct CapsRun<'a> {
    words: Vec<&'a str>,
    introduced: bool,
}

fn caps_runs(text: &str) -> Vec<CapsRun<'_>> {
    let mut runs = Vec::new();
    if !may_have_upper_word(text) {
        return runs;
    }
    let mut current: Vec<&str> = Vec::new();
    let mut end = 0;
    let mut previous_end = 0;
    for (start, word) in words(text) {
        // `is_upper` first: it turns most words away at their first letter.
        let upper = is_upper(word) && word.chars().filter(|c| c.is_alphabetic()).count() >= 2;
        let joined = text.as_bytes()[previous_end..start]
            .iter()
            .all(|&b| b == b' ');
        if (!upper || !joined) && !current.is_empty() {
            runs.push(close_run(text, end, std::mem::take(&mut current)));
        }
        if upper {
            current.push(word);
            end = start + word.len();
        }
        previous_end = start + word.len();
    }
    if !current.is_empty() {
        runs.push(close_run(text, end, current));
    }
    runs
}

/// False only when `text` surely has no upper-case word of two letters or more:
/// ASCII with no word holding two capitals. Two thirds of action paragraphs are
/// turned away by this byte scan before their words are split.
fn may_have_upper_word(text: &str) -> bool {
    let mut capital_in_word = false;
    for &b in text.as_bytes() {
        if b.is_ascii_uppercase() {
            if capital_in_word {
                return true;
            }
            capital_in_word = true;
        } else if !b.is_ascii() {
            return true;
        } else if !ASCII_INSIDE_WORD[usize::from(b)] {
            capital_in_word = false;
        }
    }
    false
}

fn close_run<'a>(text: &str, end: usize, words: Vec<&'a str>) -> CapsRun<'a> {
    let after = text[end..].trim_start();
    let age_or_description =
        |rest: &str| rest.starts_with(|c: char| c.is_ascii_digit() || c.is_lowercase());
    let introduced = after.strip_prefix('(').is_some_and(age_or_description)
        || after
            .strip_prefix(", ")
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()));
    CapsRun { words, introduced }
}

/// Upper-case words that are screenplay vocabulary, not elements.
fn is_stop_word(word: &str) -> bool {
    const STOP: [&str; 44] = [
        "A",
        "AN",
        "THE",
        "AND",
        "OR",
        "OF",
        "ON",
        "IN",
        "TO",
        "AT",
        "WE",
        "I",
        "CLOSE",
        "CLOSEUP",
        "ANGLE",
        "POV",
        "CONTINUED",
        "CONT'D",
        "INTERCUT",
        "SUPER",
        "TITLE",
        "FADE",
        "CUT",
        "BACK",
        "FLASHBACK",
        "END",
        "MONTAGE",
        "SERIES",
        "SHOTS",
        "SHOT",
        "LATER",
        "INSERT",
        "WIDE",
        "BEGIN",
        "V.O",
        "O.S",
        "OK",
        "TV",
        "NO",
        "YES",
        "DISSOLVE",
        "MOMENTS",
        "FREEZE",
        "FRAME",
    ];
    STOP.iter().any(|s| s.eq_ignore_ascii_case(word))
}

/// Story days: a scene's time of day earlier than the previous scene's (night ->
/// morning) starts a new day, unless clocks in the action say the time only went
/// on (`Clock reads 6:37`, then a `DAY` scene at `7:05`); so do `NEXT DAY`-style
/// cues in the heading or at the start of the scene's first action, and a cut to
/// another era (`NIGHT (1977)`, `DAY [FLASHBACK]`). The story comes back to a year
/// or the present where it left it: the day it was and the time of day. A flash
/// back or forward is a day of its own each time. `DAY 3` in a heading or a title
/// card (`SUPER: DAY 3`) and `[[day: 3]]` notes set it. `CONTINUOUS`, `SAME`,
/// `LATER` and headings without a time keep the day and the time it was. A new
/// day is numbered after every day so far, so no two days share a number.
fn assign_story_days(scenes: &mut [Scene], elements: &[Element], ranges: &[Range<usize>]) {
    let mut day = 1u32;
    let mut last_day = 1u32;
    let mut previous_rank = None;
    let mut era: Option<String> = None;
    let mut previous_named = false;
    // The eras the story has left: the day and the time of day each was at.
    let mut left: HashMap<String, (u32, Option<u8>)> = HashMap::new();
    // The last time a clock showed in the scene before, in minutes.
    let mut clock = None;
    for (i, (scene, range)) in scenes.iter_mut().zip(ranges).enumerate() {
        let elements = &elements[range.clone()];
        let tod = scene.time_of_day.as_deref().unwrap_or_default();
        let first_action = elements
            .iter()
            .find(|e| matches!(e.kind, ElementKind::Action))
            .and_then(|e| e.text.lines().next())
            .unwrap_or_default();
        let rank = time_rank(tod);
        // The clocks the scene shows, each read as the soonest time after the one before.
        let clock_before = clock;
        let mut first_clock = None;
        let readings = (elements.iter())
            .filter(|e| matches!(e.kind, ElementKind::Action))
            .flat_map(|e| clock_readings(&e.text));
        for reading in readings {
            let now = reading.after(clock, rank);
            first_clock.get_or_insert(now);
            clock = Some(now);
        }
        let title_card = is_upper(first_action).then_some(first_action);
        let note_day = elements.iter().find_map(|e| {
            if !matches!(e.kind, ElementKind::Note) {
                return None;
            }
            let (key, value) = e.text.split_once(':')?;
            let key = key.trim().to_lowercase();
            (key == "day" || key == "story day")
                .then(|| value.trim().parse::<u32>().ok())
                .flatten()
        });
        let heading = scene.heading.to_uppercase();
        let named_era = heading_era(&heading).map(str::to_owned);
        // A flash named again after scenes that named none is another flash.
        let another_flash =
            named_era.as_deref().is_some_and(is_a_flash) && !previous_named && era == named_era;
        previous_named = named_era.is_some();
        let mut cut_to_another_era = another_flash;
        if let Some(named) = named_era.filter(|named| Some(named) != era.as_ref()) {
            // A story that names no era before its first flashback was in the
            // present, unless it opens on the flashback.
            let leaving = (era.replace(named.clone()))
                .or_else(|| (i > 0 && is_a_flash(&named)).then(|| "PRESENT".to_owned()));
            if let Some(leaving) = leaving {
                left.insert(leaving, (day, previous_rank));
                cut_to_another_era = true;
            }
            if let Some(&(then, then_rank)) = left.get(&named).filter(|_| !is_a_flash(&named)) {
                (day, previous_rank) = (then, then_rank);
                cut_to_another_era = false;
                clock = None;
            }
        }
        if let Some(n) = note_day
            .or_else(|| explicit_day(&heading))
            .or_else(|| title_card.and_then(explicit_day))
        {
            day = n.max(1);
        } else if i > 0
            && (cut_to_another_era || next_day_cue(tod) || starts_next_day(first_action))
        {
            // A story that opens `THE NEXT MORNING` still opens on its first day.
            day = last_day + 1;
        } else if let (Some(previous), Some(rank)) = (previous_rank, rank) {
            let time_went_on = matches!((clock_before, first_clock), (Some(then), Some(now))
                if now > then && now - then < 12 * 60);
            if rank < previous && !time_went_on {
                day = last_day + 1;
            }
        }
        // Only the scene just before's clock tells how long ago that was.
        if first_clock.is_none() {
            clock = None;
        }
        last_day = last_day.max(day);
        if rank.is_some() {
            previous_rank = rank;
        }
        scene.story_day = day;
    }
}

/// A time a clock shows, in minutes after midnight as written: `8:00` without `AM`
/// or `PM` may be 20:00 too.
#[derive(Debug, Clone, Copy, PartialEq)]
struct ClockReading {
    minutes: u32,
    either_half: bool,
}

impl ClockReading {
    /// The time it is: of a reading that may be in either half of the day, the
    /// half the scene's time of day (`rank`, see [`time_rank`]) has it in (`9:15`
    /// in the morning is before noon, `3:00` by day after it); at night or in a
    /// scene without one, the soonest after the clock seen `before`, else at night
    /// `8:00` is 20:00 and `4:32` before dawn.
    fn after(self, before: Option<u32>, rank: Option<u8>) -> u32 {
        if !self.either_half {
            return self.minutes;
        }
        let later = self.minutes + 12 * 60;
        match (rank, self.minutes / 60, before) {
            (Some(0), ..) | (Some(1), 7.., _) | (Some(3), ..=5, None) => self.minutes,
            (Some(1 | 2), ..) | (Some(3), _, None) => later,
            (_, _, Some(then)) => {
                let wait = |now: u32| (now + 24 * 60 - then) % (24 * 60);
                if wait(later) < wait(self.minutes) {
                    later
                } else {
                    self.minutes
                }
            }
            (_, _, None) => self.minutes,
        }
    }
}

/// The times clocks show in action: a time with `AM` or `PM` (`4:50 AM`, `6:24
/// pm`), or one a clock, a watch or a timer shows in its sentence (`The clock face
/// reads 4:32.`); not a verse (`John 3:16`) or a score.
fn clock_readings(text: &str) -> impl Iterator<Item = ClockReading> + '_ {
    const SHOWN_BY: [&str; 4] = ["clock", "watch", "timer", "display"];
    let bytes = text.as_bytes();
    memchr::memchr_iter(b':', bytes).filter_map(move |colon| {
        let digits = |range: Range<usize>| -> Option<u32> {
            let part = bytes.get(range)?;
            part.iter()
                .all(u8::is_ascii_digit)
                .then(|| part.iter().fold(0, |n, &d| n * 10 + u32::from(d - b'0')))
        };
        let minutes = digits(colon + 1..colon + 3)?;
        let one_digit = colon >= 1 && bytes[colon - 1].is_ascii_digit();
        let two_digits = colon >= 2 && bytes[colon - 2].is_ascii_digit();
        let hours = match (one_digit, two_digits) {
            (true, true) => digits(colon - 2..colon)?,
            (true, false) => digits(colon - 1..colon)?,
            _ => return None,
        };
        // Not part of a longer number (`10:30:15`, `1:2345`).
        let longer = |at: Option<usize>| {
            at.and_then(|at| bytes.get(at))
                .is_some_and(|b| b.is_ascii_digit() || *b == b':')
        };
        let first = colon - if two_digits { 2 } else { 1 };
        if hours > 23 || minutes > 59 || longer(first.checked_sub(1)) || longer(Some(colon + 3)) {
            return None;
        }
        let after = text[colon + 3..].trim_start().as_bytes();
        let meridiem = |m: u8| {
            after.first().is_some_and(|b| b.eq_ignore_ascii_case(&m))
                && matches!(after.get(1), Some(b'm' | b'M' | b'.'))
        };
        let shown = || {
            let start = text[..first]
                .rfind(['.', '!', '?'])
                .map_or(0, |end| end + 1);
            let sentence = text[start..first].to_ascii_lowercase();
            SHOWN_BY.iter().any(|by| sentence.contains(by))
        };
        let (hours, either_half) = match (meridiem(b'a'), meridiem(b'p')) {
            (true, _) if hours <= 12 => (hours % 12, false),
            (_, true) if hours <= 12 => (hours % 12 + 12, false),
            _ if !shown() => return None,
            _ => (hours, (1..=11).contains(&hours)),
        };
        Some(ClockReading {
            minutes: hours * 60 + minutes,
            either_half,
        })
    })
}

/// Morning, day, evening, night as 0..=3; `None` for `CONTINUOUS`, `LATER` and the like.
fn time_rank(tod: &str) -> Option<u8> {
    const RANKS: [(&str, u8); 16] = [
        ("DAWN", 0),
        ("DAYBREAK", 0),
        ("SUNRISE", 0),
        ("MORNING", 0),
        ("NOON", 1),
        ("AFTERNOON", 1),
        ("SUNSET", 2),
        ("DUSK", 2),
        ("EVENING", 2),
        ("TWILIGHT", 2),
        ("MAGIC HOUR", 2),
        ("MIDNIGHT", 3),
        ("NIGHT", 3),
        ("NIGHTTIME", 3),
        ("DAY", 1),
        ("LATE", 3),
    ];
    let words = || tod.split(|c: char| !c.is_alphanumeric());
    RANKS
        .iter()
        .find(|(phrase, _)| match phrase.split_once(' ') {
            Some((first, second)) => words()
                .zip(words().skip(1))
                .any(|pair| pair == (first, second)),
            None => words().any(|word| word == *phrase),
        })
        .map(|&(_, rank)| rank)
}

/// Cues that the story has moved on to another day.
const NEXT_DAY_CUES: [&str; 14] = [
    "NEXT DAY",
    "NEXT MORNING",
    "NEXT AFTERNOON",
    "NEXT EVENING",
    "NEXT NIGHT",
    "FOLLOWING DAY",
    "FOLLOWING MORNING",
    "FOLLOWING NIGHT",
    "ANOTHER DAY",
    "DAY LATER",
    "DAYS LATER",
    "WEEKS LATER",
    "MONTHS LATER",
    "YEARS LATER",
];

fn next_day_cue(text: &str) -> bool {
    NEXT_DAY_CUES.iter().any(|cue| text.contains(cue))
}

/// A scene's first action line that moves the story on: a title card in capitals
/// (`THREE DAYS LATER`, `SUPER: THE NEXT MORNING`) or a line that opens with the cue
/// (`The next morning, Edward...`). A cue further into a sentence (`she leaves the
/// next morning`) is the characters' plan, not a cut.
fn starts_next_day(line: &str) -> bool {
    if is_upper(line) {
        return next_day_cue(line);
    }
    let upper = line.trim_start().to_uppercase();
    let opening = upper.strip_prefix("THE ").unwrap_or(&upper);
    // `A few years later, ...`: the first clause ends with the cue.
    let clause = opening.split([',', '.', ';']).next().unwrap_or_default();
    NEXT_DAY_CUES.iter().any(|cue| {
        opening.starts_with(cue) || cue.ends_with("LATER") && clause.trim_end().ends_with(cue)
    })
}

/// `DAY 3` or `DAY THREE` (a bare number, not `DAY (1973)`).
fn explicit_day(text: &str) -> Option<u32> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || matches!(c, '-' | ':' | ',' | '.'))
        .filter(|w| !w.is_empty())
        .collect();
    words.windows(2).find_map(|pair| {
        let [day, number] = pair else { return None };
        if *day != "DAY" {
            return None;
        }
        let n = match number.parse::<u32>() {
            Ok(n) => n,
            Err(_) => NUMBER_WORDS.iter().position(|w| w == number)? as u32 + 1,
        };
        // A year or a date is not a story day.
        (1..=365).contains(&n).then_some(n)
    })
}

/// Speeches, words and scenes per speaking character, most speeches first.
fn summaries(elements: &[Element], ranges: &[Range<usize>]) -> Vec<CharacterSummary> {
    let mut by_name: Vec<CharacterSummary> = Vec::new();
    let mut index: HashMap<&str, usize, Fnv> = HashMap::default();
    for (scene, range) in ranges.iter().enumerate() {
        let number = scene as u32 + 1;
        let mut speaker: Option<usize> = None;
        for element in &elements[range.clone()] {
            match &element.kind {
                ElementKind::Character { name, .. } => {
                    let i = *index.entry(name).or_insert_with(|| {
                        by_name.push(CharacterSummary {
                            name: name.clone(),
                            ..CharacterSummary::default()
                        });
                        by_name.len() - 1
                    });
                    let summary = &mut by_name[i];
                    summary.speeches += 1;
                    if summary.scenes.last() != Some(&number) {
                        summary.scenes.push(number);
                    }
                    speaker = Some(i);
                }
                ElementKind::Dialogue | ElementKind::Lyrics => {
                    if let Some(i) = speaker {
                        by_name[i].words += layout::word_count(&element.text) as u32;
                    }
                }
                ElementKind::Parenthetical | ElementKind::Note => {}
                _ => speaker = None,
            }
        }
    }
    by_name.sort_by(|a, b| {
        b.speeches
            .cmp(&a.speeches)
            .then_with(|| a.name.cmp(&b.name))
    });
    by_name
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fountain::parse;

    fn script(text: &str) -> Script {
        breakdown(parse(text), "untitled")
    }

    const SAMPLE: &str = "Title: The Test\n\nINT. KITCHEN - NIGHT #4#\n\nBRICK BRADDOCK (60s) loads a REVOLVER. His dog barks.\n\nBRICK\n(quietly)\nNot tonight.\n(beat)\nNot ever.\n\nSTEEL\nFine.\n\n[[prop: chain, padlock]]\n\nEXT. FIELD - MORNING\n\nRain. Brick walks. A CROWD gathers.\n";

    #[test]
    fn scenes_have_heading_parts_cast_and_lines() {
        let s = script(SAMPLE);
        assert_eq!(s.title, "The Test");
        assert_eq!(s.scenes.len(), 2);
        let one = &s.scenes[0];
        assert_eq!(one.location, "KITCHEN");
        assert_eq!(one.time_of_day.as_deref(), Some("NIGHT"));
        assert_eq!(one.scene_number.as_deref(), Some("4"));
        assert_eq!(one.speaking, ["BRICK", "STEEL"]);
        assert_eq!(one.lines.len(), 3);
        assert_eq!(one.lines[0].parenthetical.as_deref(), Some("(quietly)"));
        assert_eq!(one.lines[1].text, "Not ever.");
        assert!(one.lines.iter().all(|l| l.duration_s >= MIN_LINE_SECONDS));
        assert_eq!(
            one.elements[&Category::Props],
            ["revolver", "chain", "padlock"]
        );
        assert_eq!(one.elements[&Category::Animals], ["dog"]);
        let two = &s.scenes[1];
        assert_eq!(two.mentioned, ["BRICK"]);
        assert_eq!(two.story_day, 2, "night to morning is a new day");
        assert_eq!(two.elements[&Category::Extras], ["crowd"]);
        assert_eq!(two.elements[&Category::SpecialEffects], ["rain"]);
        assert_eq!(s.characters[0].name, "BRICK");
        assert_eq!(s.characters[0].speeches, 1);
        assert_eq!(s.characters[0].words, 4);
    }

    #[test]
    fn a_voice_over_is_heard_not_cast_unless_the_action_has_them_there() {
        let s = script(
            "INT. KITCHEN - NIGHT\n\nNINA eats.\n\nEDWARD (V.O.)\nShe was always hungry.\n\n\
             MOM (V.O.)\nDinner!\n\nNINA (O.S.)\nComing!\n\n\
             INT. HALL - NIGHT\n\nMOM waits by the stairs.\n\nMOM (V.O.)\nNina!\n",
        );
        let kitchen = &s.scenes[0];
        assert_eq!(kitchen.speaking, ["EDWARD", "MOM", "NINA"]);
        assert_eq!(kitchen.elements[&Category::Cast], ["NINA"]);
        assert_eq!(kitchen.cast(), ["NINA"]);
        assert!(kitchen.only_heard("EDWARD") && !kitchen.only_heard("NINA"));
        // In the hall she is seen as well as heard.
        assert_eq!(s.scenes[1].cast(), ["MOM"]);
    }

    #[test]
    fn lines_know_where_they_fall_in_the_action() {
        let s = script(
            "INT. GARAGE - DAY\n\nSUPER: \"The Eastside\"\n\nRay works.\n\nNina comes in.\n\n\
             NINA\nVoss was here.\n\nRAY\nSo?\n\nBrick grabs Nina.\n\nRay charges.\n\n\
             BRICK\nMidnight.\n\nThe van tears away.\n",
        );
        let garage = &s.scenes[0];
        let before: Vec<u32> = garage.lines.iter().map(|l| l.action_before).collect();
        assert_eq!(before, [3, 3, 5]);
        let beats = garage.beats();
        assert_eq!(beats.opening, ["Ray works.", "Nina comes in."]);
        assert_eq!(
            beats.later,
            [
                (
                    2,
                    vec!["Brick grabs Nina.".to_owned(), "Ray charges.".to_owned()]
                ),
                (3, vec!["The van tears away.".to_owned()])
            ]
        );
        // A silent scene opens with its first paragraph; the rest is one stretch.
        let silent = script("EXT. ROOF - NIGHT\n\nWind.\n\nVoss waits.\n\nHe leaves.\n");
        let beats = silent.scenes[0].beats();
        assert_eq!(beats.opening, ["Wind."]);
        assert_eq!(
            beats.later,
            [(0, vec!["Voss waits.".to_owned(), "He leaves.".to_owned()])]
        );
    }

    #[test]
    fn a_name_for_something_of_theirs_is_not_them_on_the_set() {
        let s = script(
            "INT. CHURCH - DAY\n\nWILL\nHi.\n\nEDWARD\nHello.\n\n\
             INT. HALL - DAY\n\nThey're telling Edward's stories. Will smiles.\n\n\
             INT. ROOM - DAY\n\nEdward's giant hand finds the door.\n\n\
             EXT. ROAD - DAY\n\nWill's rental car drives past.\n\n\
             INT. BASEMENT - DAY\n\nWill's made it through a box.\n",
        );
        assert_eq!(s.scenes[1].mentioned, ["WILL"]);
        assert_eq!(s.scenes[1].elements[&Category::Cast], ["WILL"]);
        assert_eq!(s.scenes[2].mentioned, ["EDWARD"]);
        assert_eq!(s.scenes[3].mentioned, ["WILL"]);
        assert_eq!(s.scenes[4].mentioned, ["WILL"]);
    }

    #[test]
    fn a_voice_described_or_out_of_a_device_is_no_one_on_the_set() {
        let s = script(
            "INT. OFFICE - NIGHT\n\nNINA listens.\n\nMESSAGE MACHINE\nYou have one message.\n\n\
             A MAN'S VOICE (O.S.)\nOpen up!\n\nNINA\nWho is it?\n\n\
             BURTON (ON TV)\nNo comment.\n\nRAY (FILTERED)\nIt's me.\n",
        );
        let office = &s.scenes[0];
        assert_eq!(office.elements[&Category::Cast], ["NINA"]);
        assert!(!office.elements.contains_key(&Category::Extras));
    }

    #[test]
    fn one_person_named_twice_in_a_scene_is_cast_once() {
        let cast = |text: &str| {
            script(text)
                .scenes
                .last()
                .unwrap()
                .cast()
                .iter()
                .map(|n| n.to_string())
                .collect::<Vec<_>>()
        };
        // The boy the action introduces speaks as EDWARD.
        let field = "INT. A - DAY\n\nYOUNG EDWARD\nHi.\n\nEXT. FIELD - NIGHT\n\n\
                     Kids crash into YOUNG EDWARD (10).\n\nEDWARD\nWatch it.\n";
        assert_eq!(cast(field), ["EDWARD"]);
        // The boy speaks as YOUNG WILL; the action calls him Will.
        let bedroom = "INT. A - DAY\n\nWILL\nHi.\n\nINT. BEDROOM - DAY\n\n\
                       Will shows Edward his arm.\n\nYOUNG WILL\nLook.\n\nEDWARD\nWow.\n";
        assert_eq!(cast(bedroom), ["YOUNG WILL", "EDWARD"]);
        // Old Edward only tells it: the action's Edward is the boy.
        let church = "INT. A - DAY\n\nYOUNG EDWARD\nHi.\n\nINT. CHURCH - DAY\n\n\
                      YOUNG EDWARD sings. Edward blushes.\n\nEDWARD (V.O.)\nMy voice broke.\n";
        assert_eq!(cast(church), ["YOUNG EDWARD"]);
        // Both on the set, both speaking: two actors.
        let both =
            "INT. A - DAY\n\nYoung Edward watches Edward.\n\nEDWARD\nHi.\n\nYOUNG EDWARD\nHi.\n";
        assert_eq!(cast(both), ["EDWARD", "YOUNG EDWARD"]);
        // The doctor the action introduces by his full name speaks as DR. BENNETT.
        let kitchen = "INT. KITCHEN - DAY\n\nDR. JULIUS BENNETT (85) enters.\n\n\
                       DR. BENNETT\nHello.\n\nSANDRA\nHello.\n";
        assert_eq!(cast(kitchen), ["DR. BENNETT", "SANDRA"]);
        let couple = "INT. KITCHEN - DAY\n\nJULIUS BENNETT (85) enters.\n\n\
                      MRS. BENNETT\nHello.\n";
        assert_eq!(cast(couple), ["MRS. BENNETT", "JULIUS BENNETT"]);
        let doctors = "INT. KITCHEN - DAY\n\nDR. BENNETT (60s) and his wife DR. SARAH BENNETT \
                       (50s) arrive.\n\nDR. BENNETT\nHello.\n";
        assert_eq!(cast(doctors), ["DR. BENNETT", "SARAH BENNETT"]);
    }

    #[test]
    fn a_broadcaster_on_the_television_is_heard_not_on_the_set() {
        let news = "INT. BAXTER'S APARTMENT - NIGHT\n\nThey stare at the small TV.\n\n\
                    .ON THE TV\n\nThe EVENING NEWS.\n\nNEWSCASTER\nPolice have not yet said.\n\n\
                    SCOTT\nThat's my place.\n";
        assert_eq!(script(news).scenes[0].cast(), ["SCOTT"]);
        // With no set in the room, or named in the action, the newscaster is there.
        let studio = news
            .replace("They stare at the small TV.", "They stare.")
            .replace(".ON THE TV\n\n", "");
        assert_eq!(script(&studio).scenes[0].cast(), ["NEWSCASTER", "SCOTT"]);
        let named = news.replace("The EVENING NEWS.", "The Newscaster smiles.");
        assert_eq!(script(&named).scenes[0].cast(), ["NEWSCASTER", "SCOTT"]);
        // A studio's crew, a radio turned off, a radio operator: all on the set.
        for there in [
            "The TV crew checks the monitor.",
            "Scott turns the radio off and sits.",
        ] {
            let scene = format!(
                "INT. STUDIO - NIGHT\n\n{there}\n\nANNOUNCER\nGood evening.\n\nSCOTT\nHi.\n"
            );
            assert_eq!(
                script(&scene).scenes[0].cast(),
                ["ANNOUNCER", "SCOTT"],
                "{there}"
            );
        }
        let operator =
            "INT. HUT - NIGHT\n\nThe radio crackles.\n\nRADIO JOE\nOver.\n\nSCOTT\nHi.\n";
        assert_eq!(script(operator).scenes[0].cast(), ["RADIO JOE", "SCOTT"]);
    }

    #[test]
    fn the_far_end_of_a_telephone_call_is_heard_not_on_the_set() {
        let call = "INT. KITCHEN - DAY\n\nKate reads the number. She grabs the phone and dials.\n\n\
                    BURTON\nHello?\n\nKATE\nIt's Kate.\n\nBURTON\nI have news.\n\n\
                    Kate hangs up.\n";
        assert_eq!(script(call).scenes[0].cast(), ["KATE"]);
        let answered = "INT. KITCHEN - DAY\n\nThe phone rings. Kate answers.\n\n\
                        KATE\nHello?\n\nBURTON\nMrs. Randolph?\n\nKATE\nYes.\n";
        assert_eq!(script(answered).scenes[0].cast(), ["KATE"]);
        // The writer says whose voice it is between the answer and the first line.
        let described = "INT. STUDIO - DAY\n\nKate paints. The phone rings.\n\nKATE\nHello?\n\n\
                         The voice is that of a sophisticated woman.\n\n\
                         SOPHISTICATED WOMAN\nIs this Kate?\n\nKATE\nYes.\n";
        assert_eq!(script(described).scenes[0].cast(), ["KATE"]);
        let hung_up = described.replace("The voice is", "Kate hangs up. The voice is");
        assert_eq!(
            script(&hung_up).scenes[0].cast(),
            ["KATE", "SOPHISTICATED WOMAN"]
        );
        // Named in the action, cut to, or only after the call ended: on the set.
        let named = format!("{call}\nBurton comes in.\n");
        assert_eq!(script(&named).scenes[0].cast(), ["BURTON", "KATE"]);
        let intercut = format!("{call}\nINTERCUT WITH:\n\nBURTON\nSorry.\n");
        assert_eq!(script(&intercut).scenes[0].cast(), ["BURTON", "KATE"]);
        // Nor is a phone taken along, a cell's lock or a dial a call.
        for not_a_call in [
            "Kate hangs up the phone.",
            "Kate grabs her phone and her coat.",
            "Kate picks the lock of her cell.",
            "The dials spin. Kate stares.",
        ] {
            let scene = format!(
                "INT. KITCHEN - DAY\n\n{not_a_call}\n\nNINA\nWho was that?\n\nKATE\nNo one.\n"
            );
            assert_eq!(
                script(&scene).scenes[0].cast(),
                ["NINA", "KATE"],
                "{not_a_call}"
            );
        }
        for call in [
            "Kate picks up the phone.",
            "He dials the number.",
            "Kate dials.",
            "She lifts the receiver and listens.",
            "Her cell rings.",
        ] {
            assert!(places_a_call(call), "{call}");
        }
    }

    #[test]
    fn two_who_speak_together_are_each_cast_and_a_crowd_is_extras() {
        let s = script(
            "INT. TENT - NIGHT\n\nEDWARD\nHello.\n\nWILL\nHi.\n\n\
             EXT. FAIR - NIGHT\n\nEdward and Will bow.\n\n\
             EDWARD AND WILL\nThank you!\n\nTHE CROWD\nMore!\n\n\
             VARIOUS TOWNFOLK\nBravo!\n\nA VOICE (O.S.)\nEncore!\n",
        );
        let fair = &s.scenes[1];
        assert_eq!(
            fair.speaking,
            [
                "EDWARD AND WILL",
                "THE CROWD",
                "VARIOUS TOWNFOLK",
                "A VOICE"
            ]
        );
        assert_eq!(fair.cast(), ["EDWARD", "WILL"]);
        let s = script(
            "INT. LIBRARY - DAY\n\nPATRONS THREE AND FOUR\nShh!\n\nGUARDS #1 & #2\nHalt.\n\n\
             WITNESSES ONE AND TWO\nHim!\n\nPOLICEMEN 1 & 2\nStop.\n",
        );
        assert_eq!(
            s.scenes[0].cast(),
            [
                "PATRON THREE",
                "PATRON FOUR",
                "GUARD #1",
                "GUARD #2",
                "WITNESS ONE",
                "WITNESS TWO",
                "POLICEMAN 1",
                "POLICEMAN 2"
            ]
        );
        assert!(fair.mentioned.is_empty(), "they speak");
        assert_eq!(
            fair.elements[&Category::Extras],
            ["crowd", "various townfolk"]
        );
    }

    #[test]
    fn a_part_without_a_name_is_cast_and_a_crowd_is_not() {
        let s = script(
            "EXT. GATE - NIGHT\n\nThe door opens, revealing an OLD WOMAN with a patch. \
             Three THUGS wait by a BLACK VAN.\n",
        );
        assert_eq!(s.scenes[0].elements[&Category::Cast], ["OLD WOMAN"]);
        assert_eq!(s.scenes[0].elements[&Category::Extras], ["thugs"]);
        // A part is its scene's own: the man of one scene is not another's.
        let s = script(
            "INT. BAR - DAY\n\nA MAN waits.\n\nINT. HALL - DAY\n\nThe MAN IN BLACK smiles.\n",
        );
        assert_eq!(s.scenes[0].elements[&Category::Cast], ["MAN"]);
        assert!(!s.scenes[1].elements.contains_key(&Category::Cast));
    }

    #[test]
    fn silent_introductions_are_cast() {
        let s = script("INT. A - DAY\n\nMINNA (20s) sits. BOB\nHi.\n\nEXT. B - DAY\n\nMinna runs.");
        assert_eq!(s.scenes[1].mentioned, ["MINNA"]);
    }

    #[test]
    fn lexicon_entries_of_several_words_and_verbs() {
        let s = script(
            "EXT. FAIRGROUND - NIGHT\n\nEdward ducks a BASEBALL BAT under the neon sign. The phone rings.",
        );
        let elements = &s.scenes[0].elements;
        assert_eq!(elements[&Category::Props], ["baseball bat", "phone"]);
        assert_eq!(elements[&Category::SetDressing], ["neon sign"]);
        assert!(!elements.contains_key(&Category::Animals));
    }

    #[test]
    fn what_the_action_says_is_absent_is_not_listed() {
        let listed = |action: &str| {
            let s = script(&format!("INT. A - DAY\n\n{action}"));
            let elements = s.scenes[0].elements.values().flatten().cloned();
            elements.collect::<Vec<_>>()
        };
        assert!(listed("There's no TV and no cars coming.").is_empty());
        assert!(listed("She leaves without her coat.").is_empty());
        // `no` in a clause of its own negates nothing after it.
        assert_eq!(listed("She whispers no. The gun is in her hand."), ["gun"]);
        assert_eq!(
            listed("She shakes her head no, the gun still raised."),
            ["gun"]
        );
        assert_eq!(listed("No, the knife! She grabs it."), ["knife"]);
    }

    #[test]
    fn an_entrys_sense_comes_from_its_own_clause() {
        let elements = |action: &str| {
            script(&format!(
                "INT. A - DAY

{action}"
            ))
            .scenes[0]
                .elements
                .clone()
        };
        let spectacles = elements("She takes off her glasses. Pours the wine.");
        assert_eq!(spectacles[&Category::Wardrobe], ["glasses"]);
        let glassware = elements("He pours the wine into their glasses.");
        assert_eq!(glassware[&Category::Props], ["wine", "glass"]);
    }

    #[test]
    fn supers_are_on_the_screen_not_in_the_breakdown() {
        let s = script(
            "EXT. CITY - NIGHT\n\nSUPER: TOKYO, 1999\n\nTITLE:\nThe rain and the dog\n\nA CAT watches ZOË, 22, in the rain.\n\nZOË\nShh.",
        );
        let scene = &s.scenes[0];
        assert_eq!(scene.elements[&Category::Cast], ["ZOË"]);
        assert_eq!(scene.elements[&Category::Animals], ["cat"]);
        assert!(scene.mentioned.is_empty());
        // Still printed: the page count keeps the super's lines.
        assert_eq!(scene.action.len(), 3);
        // A colon is no super: an introduction runs on over a line break.
        let s = script("INT. BAR - NIGHT\n\n10:30. In walks RAY KANE\n(30s), soaked.");
        assert_eq!(s.scenes[0].elements[&Category::Cast], ["RAY KANE"]);
    }

    #[test]
    fn names_outside_ascii_are_mentioned() {
        let s = script(
            "INT. A - DAY\n\nZOË\nHi.\n\nJOSÉ\nHola.\n\nМАША\nПривет.\n\n@李明\n你好。\n\nEXT. B - DAY\n\nZoë waves at José and his dog. Маша смеётся. 李明走进房间。",
        );
        assert_eq!(s.scenes[1].mentioned, ["ZOË", "JOSÉ", "МАША", "李明"]);
    }

    #[test]
    fn speeches_in_place_have_the_words_push_words_gives() {
        for b in 0..0x80u8 {
            let c = char::from(b);
            for text in [
                format!("{c}"),
                format!(" Go{c}home,\n  now.{c}"),
                format!("Zoë{c} says\u{a0}no."),
            ] {
                let mut expected = String::new();
                push_words(&mut expected, &text);
                let mut in_place = text.clone();
                one_space_between_words(&mut in_place);
                assert_eq!(in_place, expected, "{text:?}");
            }
        }
    }

    #[test]
    fn synopses_say_what_a_scene_is_about() {
        let s = script(
            "INT. GARAGE - DAY\n\n= Ray learns the truth.\n\n= Dex lies.\n\nRay waits.\n\n# ACT II\n\n= The brothers fight back.\n\nEXT. ROOF - NIGHT\n\nWind.\n",
        );
        assert_eq!(
            s.scenes[0].synopsis.as_deref(),
            Some("Ray learns the truth. Dex lies.")
        );
        assert_eq!(s.scenes[0].action, ["Ray waits."]);
        assert_eq!(s.scenes[1].synopsis, None);
    }

    #[test]
    fn later_is_not_late() {
        assert_eq!(time_rank("LATER"), None);
        assert_eq!(time_rank("MOMENTS LATER"), None);
        assert_eq!(time_rank("LATE NIGHT"), Some(3));
        assert_eq!(time_rank("MAGIC HOUR"), Some(2));
    }

    fn days(text: &str) -> Vec<u32> {
        script(text).scenes.iter().map(|s| s.story_day).collect()
    }

    #[test]
    fn story_days_follow_the_clock_and_keep_the_day_on_continuous_cues() {
        let text = "INT. A - NIGHT\n\nX.\n\nINT. B - CONTINUOUS\n\nX.\n\nINT. C - MOMENTS LATER\n\nX.\n\nINT. D - SAME\n\nX.\n\nEXT. E - LATER\n\nX.\n\nEXT. F - DAWN\n\nX.\n\nEXT. G - DAY\n\nX.\n\nEXT. H - DAY\n\nX.\n\nINT. I - EVENING\n\nX.\n\nINT. J\n\nX.\n\nINT. K - MORNING";
        assert_eq!(days(text), [1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3]);
    }

    #[test]
    fn next_day_cues_open_the_scene() {
        let cue = |action: &str| days(&format!("INT. A - DAY\n\nX.\n\nINT. B - DAY\n\n{action}"));
        assert_eq!(cue("THE NEXT MORNING"), [1, 2]);
        assert_eq!(cue("SUPER: THREE DAYS LATER"), [1, 2]);
        assert_eq!(cue("The next morning, Edward wakes."), [1, 2]);
        assert_eq!(cue("Two weeks later, the house is empty."), [1, 2]);
        assert_eq!(cue("A few years later, Will sits."), [1, 2]);
        assert_eq!(cue("She will leave the next morning."), [1, 1]);
        assert_eq!(cue("SUPER: DAY 4"), [1, 4]);
        assert_eq!(
            days("INT. A - DAY\n\nX.\n\nINT. B - THE NEXT DAY\n\nX."),
            [1, 2]
        );
        assert_eq!(
            days("EXT. ROAD - ANOTHER DAY\n\nX.\n\nINT. SHACK - ANOTHER DAY\n\nX."),
            [1, 2],
            "a story that opens on a next-day cue opens on its first day"
        );
        assert_eq!(days("INT. A - THE NEXT MORNING\n\nX."), [1]);
        assert_eq!(cue("A day later, the shack is empty."), [1, 2]);
    }

    #[test]
    fn the_story_comes_back_from_a_flashback_to_the_day_it_left() {
        let text = "INT. A - DAY\n\nX.\n\nINT. B - NIGHT [FLASHBACK]\n\nX.\n\n\
                    INT. C - DAY\n\nX.\n\nINT. D - NIGHT [PRESENT]\n\nX.\n\n\
                    INT. E - DAY\n\nX.\n\nINT. F - DAY (FLASHBACK)\n\nX.\n\n\
                    INT. G - DAY - FLASH FORWARD\n\nX.";
        // B and C are the flashback's two days; D is the evening of A's day; E the
        // next; F another flashback and G a flash forward, each a day of its own.
        // No two days share a number.
        assert_eq!(days(text), [1, 2, 3, 1, 4, 5, 6]);
        // A story that opens on a flashback comes to the present on another day.
        let opens = "INT. A - DAY [FLASHBACK]\n\nX.\n\nINT. B - NIGHT [PRESENT]\n\nX.";
        assert_eq!(days(opens), [1, 2]);
        // A flash named again after a scene that names none is another flash.
        let again = "INT. A - DAY\n\nX.\n\nINT. B - NIGHT (FLASHBACK)\n\nX.\n\n\
                     INT. C - NIGHT\n\nX.\n\nINT. D - NIGHT (FLASHBACK)\n\nX.\n\n\
                     INT. E - NIGHT - PRESENT\n\nX.";
        assert_eq!(days(again), [1, 2, 2, 3, 1]);
        assert_eq!(
            heading_era("INT. GUEST ROOM - NIGHT [PRESENT]"),
            Some("PRESENT")
        );
        assert_eq!(heading_era("INT. A - [THE NEXT] MORNING"), None);
    }

    #[test]
    fn clocks_in_the_action_carry_a_night_into_its_morning() {
        let text = "INT. OFFICE - NIGHT\n\nThe clock face reads 4:32.\n\n\
                    INT. OFFICE - NIGHT\n\nClock reads 6:37\n\n\
                    INT. OFFICE - DAY\n\nClock reads 7:05\n\n\
                    INT. HALL - NIGHT\n\nX.\n\n\
                    INT. OFFICE - MORNING\n\nThe clock reads 11:00 PM.";
        // The last morning's clock is more than half a day on: another day.
        assert_eq!(days(text), [1, 1, 1, 1, 2]);
        // Each morning is a morning after a night, however its clock reads.
        let mornings = "INT. A - MORNING\n\nThe clock reads 9:00.\n\nINT. B - NIGHT\n\nX.\n\n\
                        INT. C - MORNING\n\nThe clock reads 9:30.";
        assert_eq!(days(mornings), [1, 1, 2]);
        // Each morning is a morning after a night, however the clocks read.
        let mornings = "INT. A - MORNING\n\nThe clock reads 9:00.\n\nINT. B - NIGHT\n\nX.\n\n\
                        INT. C - MORNING\n\nThe clock reads 9:30.";
        assert_eq!(days(mornings), [1, 1, 2]);
        let evening = "INT. A - NIGHT\n\nThe clock: 8:00.\n\nINT. B - MORNING\n\nThe clock: 9:15.";
        assert_eq!(days(evening), [1, 2]);
        let clocks = |text: &str| {
            let times = clock_readings(text).map(|reading| reading.after(None, None));
            times.collect::<Vec<_>>()
        };
        assert_eq!(clocks("The clock reads 4:32. Then 4:50 AM"), [272, 290]);
        assert_eq!(
            clocks("6:24 am, 11:44 am, 2:00pm, 12:15 a.m., the clock: 18:20"),
            [384, 704, 840, 15, 1100]
        );
        assert!(clocks("clock: 10:30:15, 1:2345, 25:00, a:bc, 9:5, :30").is_empty());
        // Only a clock tells the time: not a verse.
        assert!(clocks("He reads John 3:16 aloud.").is_empty());
        // Without AM or PM: by the scene's light, else the soonest after the clock before.
        let eight = clock_readings("The clock: 8:00").next().unwrap();
        assert_eq!(eight.after(Some(19 * 60), None), 20 * 60);
        assert_eq!(eight.after(Some(7 * 60), None), 8 * 60);
        assert_eq!(eight.after(Some(7 * 60), time_rank("EVENING")), 20 * 60);
        assert_eq!(eight.after(None, time_rank("NIGHT")), 20 * 60);
        assert_eq!(eight.after(Some(19 * 60), time_rank("MORNING")), 8 * 60);
        let four = clock_readings("The clock: 4:32").next().unwrap();
        assert_eq!(four.after(None, time_rank("NIGHT")), 272);
        assert_eq!(four.after(None, time_rank("DAY")), 16 * 60 + 32);
    }

    #[test]
    fn explicit_days_are_bare_numbers() {
        assert_eq!(explicit_day("INT. HOUSE - DAY (1973)"), None);
        assert_eq!(explicit_day("INT. DAY CARE CENTER - DAY 2"), Some(2));
        assert_eq!(explicit_day("EXT. CAMP - DAY THREE - NIGHT"), Some(3));
        assert_eq!(explicit_day("INT. HOUSE - DAY"), None);
        assert_eq!(
            days("INT. A - DAY 2\n\nX.\n\nINT. B - DAY (1973)\n\nX."),
            [2, 2]
        );
        let years = "INT. A - NIGHT (1977)\n\nX.\n\nINT. B - NIGHT\n\nX.\n\nINT. C - NIGHT (1977)\n\nX.\n\nINT. D - NIGHT (1987)\n\nX.";
        assert_eq!(days(years), [1, 1, 1, 2]);
        let back = "INT. A - NIGHT (1977)\n\nX.\n\nINT. B - (PRESENT) NIGHT\n\nX.";
        assert_eq!(days(back), [1, 2]);
    }

    #[test]
    fn story_day_cues() {
        let s = script(
            "INT. A - DAY\n\nX.\n\nINT. B - DAY\n\nTHE NEXT DAY\n\nINT. C - DAY 5\n\nY.\n\nINT. D - NIGHT\n\n[[day: 9]]",
        );
        let days: Vec<u32> = s.scenes.iter().map(|s| s.story_day).collect();
        assert_eq!(days, [1, 2, 5, 9]);
    }

    #[test]
    fn a_forced_heading_without_a_place_or_time_is_a_shot_of_its_scene() {
        let s = script(
            ".OPENING TITLES\n\nEXT. POOL - DAY\n\nNAK (30s) swims.\n\n\
             .SNIPER SCOPE POV\n\nThe crosshairs find him.\n\n.THE MAZDA\n\n\
             .KITCHEN - NIGHT\n\nX.\n\nINT. HALL - NIGHT\n\nX.\n\nINT. BATH - NIGHT\n\nX.\n\n\
             INT. CELLAR - NIGHT\n\nX.\n\nEXT. YARD - NIGHT\n\nX.\n\nINT. ATTIC - NIGHT\n\nX.\n\n.NAK #7#\n\nY.",
        );
        let headings: Vec<&str> = s.scenes.iter().map(|s| s.heading.as_str()).collect();
        assert_eq!(
            headings,
            [
                "OPENING TITLES",
                "EXT. POOL - DAY",
                "KITCHEN - NIGHT",
                "INT. HALL - NIGHT",
                "INT. BATH - NIGHT",
                "INT. CELLAR - NIGHT",
                "EXT. YARD - NIGHT",
                "INT. ATTIC - NIGHT",
                "NAK"
            ]
        );
        let pool = &s.scenes[1];
        assert_eq!(pool.action[1], "SNIPER SCOPE POV");
        assert_eq!(pool.elements[&Category::Vehicles], ["mazda"]);
        // A script that writes every scene so is a script of scenes, in any language.
        let bare = ".THE ALLEY\n\nRAY\nHey.\n\n.THE ROOFTOP\n\nDEX\nHo.\n\n.THE DOCKS\n\nX.";
        assert_eq!(script(bare).scenes.len(), 3);
        assert_eq!(script(bare).scenes[1].cast(), ["DEX"]);
        let german =
            ".INNEN. KÜCHE - TAG\n\nX.\n\n.AUSSEN. GARTEN - NACHT\n\nY.\n\n.INNEN. BAD - TAG\n\nZ.";
        assert_eq!(script(german).scenes.len(), 3);
        // Even there, a shot is a shot.
        let shot = ".THE ALLEY\n\nX.\n\n.SNIPER SCOPE POV\n\nY.";
        assert_eq!(script(shot).scenes.len(), 1);
        // The corners of a set in a script of INT. and EXT. scenes.
        let house = "INT. BLOOM HOUSE - NIGHT\n\nEDWARD\nHi.\n\n.KITCHEN\n\nEdward opens the fridge.\n\n\
                     .HALLWAY\n\nX.\n\n.STAIRS\n\nY.\n\nEXT. RIVER - DAY\n\nZ.";
        let s = script(house);
        assert_eq!(s.scenes.len(), 2);
        assert_eq!(s.scenes[0].cast(), ["EDWARD"]);
    }

    #[test]
    fn a_name_for_someone_not_there_does_not_put_them_on_the_set() {
        let cast = |action: &str| {
            let text = format!(
                "INT. A - DAY\n\nINA\nHi.\n\nBAXTER\nHi.\n\nJOE\nHi.\n\nINT. B - DAY\n\nKATE (30s) waits. {action}"
            );
            script(&text).scenes[1]
                .cast()
                .iter()
                .map(|name| name.to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(cast("She looks for Ina."), ["KATE"]);
        assert_eq!(cast("No sign of Ina."), ["KATE"]);
        assert_eq!(cast("But Ina is nowhere to be seen."), ["KATE"]);
        assert_eq!(cast("Joe was gone."), ["KATE"]);
        assert_eq!(cast("Joe is going home."), ["KATE", "JOE"]);
        assert_eq!(cast("Joe is missing a shoe."), ["KATE", "JOE"]);
        assert_eq!(cast("Joe is nowhere near the door."), ["KATE", "JOE"]);
        assert_eq!(cast("She calls Baxter."), ["KATE"]);
        assert_eq!(cast("She picks up a picture of Joe and smiles."), ["KATE"]);
        assert_eq!(cast("Joe looks for Ina."), ["KATE", "JOE"]);
        assert_eq!(cast("She calls to Baxter."), ["KATE", "BAXTER"]);
        assert_eq!(cast("She calls Baxter on the phone."), ["KATE"]);
        // The clause ends at a dash; the one sought is said to be away later on.
        assert_eq!(
            cast("Nothing to do but to call Baxter -- she reaches for the phone."),
            ["KATE"]
        );
        assert_eq!(
            cast("She tries to look for Ina, but she is nowhere to be seen."),
            ["KATE"]
        );
        // There, when the sentence says so or says nothing either way.
        assert_eq!(cast("She calls Baxter over. He sits."), ["KATE", "BAXTER"]);
        assert_eq!(cast("She calls Baxter an idiot."), ["KATE", "BAXTER"]);
        assert_eq!(
            cast("She waits for Ina to finish her drink."),
            ["KATE", "INA"]
        );
        assert_eq!(
            cast("She texts Joe, who sits across the room."),
            ["KATE", "JOE"]
        );
        assert_eq!(cast("Nobody calls. Baxter walks in."), ["KATE", "BAXTER"]);
        assert_eq!(
            cast("She stops looking. For Ina, the game is over."),
            ["KATE", "INA"]
        );
        assert_eq!(
            cast("She looks for Ina. Ina is under the table."),
            ["KATE", "INA"]
        );
        assert_eq!(
            cast("She looks for Ina, who hides under the table."),
            ["KATE", "INA"]
        );
        assert_eq!(cast("She calls Mr. Baxter."), ["KATE"]);
        assert_eq!(cast("It costs 3.5 dollars. She calls Baxter."), ["KATE"]);
    }

    #[test]
    fn a_part_the_writer_goes_on_to_name_is_there_in_later_scenes() {
        let s = script(
            "INT. HOUSE - NIGHT\n\nThe door opens on an OLD WOMAN. A GUARD waits.\n\n\
             EXT. GATE - NIGHT\n\nKATE (30s) runs. The Old Woman follows her. Guard dogs bark.\n\n\
             EXT. ROAD - NIGHT\n\nKate walks alone.",
        );
        assert_eq!(s.scenes[0].cast(), ["OLD WOMAN", "GUARD"]);
        assert_eq!(s.scenes[1].cast(), ["KATE", "OLD WOMAN"]);
        assert_eq!(s.scenes[2].cast(), ["KATE"]);
    }

    #[test]
    fn a_part_that_holds_a_speakers_name_is_that_speaker() {
        let s = script(
            "INT. BAR - NIGHT\n\nAn EXTREMELY HANDSOME MAN drinks a beer.\n\nHANDSOME MAN\nHey.\n",
        );
        assert_eq!(s.scenes[0].cast(), ["HANDSOME MAN"]);
        // Two parts hold a speaker's `MAN`: which of them speaks is not said.
        let s = script("INT. BAR - NIGHT\n\nAn OLD MAN and a YOUNG MAN argue.\n\nMAN\nHey.\n");
        assert_eq!(s.scenes[0].cast(), ["MAN", "OLD MAN", "YOUNG MAN"]);
        let s = script("INT. BAR - NIGHT\n\nA POLICE OFFICER enters.\n\nOFFICER\nHey.\n");
        assert_eq!(s.scenes[0].cast(), ["OFFICER"]);
        // A cue of no word at all is no one's name.
        let s = script("INT. BAR - NIGHT\n\nA WAITER wipes the bar.\n\n@???\nWho's there?\n");
        assert_eq!(s.scenes[0].cast(), ["???", "WAITER"]);
        let s = script(
            "INT. HALL - DAY\n\nThe MAILMAN is just leaving. A snobby GALLERY DIRECTOR waits.\n\n\
             Elegantly-clad MOTHER pulls a flightbag.\n",
        );
        assert_eq!(
            s.scenes[0].cast(),
            ["MAILMAN", "GALLERY DIRECTOR", "MOTHER"]
        );
    }

    #[test]
    fn a_scene_set_in_a_vehicle_has_it_in_picture() {
        let vehicles = |heading: &str| {
            let s = script(&format!("{heading}\n\nThey drive."));
            s.scenes[0]
                .elements
                .get(&Category::Vehicles)
                .cloned()
                .unwrap_or_default()
        };
        assert_eq!(vehicles("INT. CAR - MOVING - NIGHT"), ["car"]);
        assert_eq!(vehicles("INT. VW GTI - DAY"), ["gti"]);
        assert_eq!(vehicles("INT. TRAIN - NIGHT"), ["train"]);
        for heading in [
            "INT. CAR (MOVING) - NIGHT",
            "INT. CAR -- MOVING - NIGHT",
            "INT. CAR – MOVING - NIGHT",
            "EXT. HIGHWAY - EDWARD'S CAR - DAY",
        ] {
            assert_eq!(vehicles(heading), ["car"], "{heading}");
        }
        assert_eq!(vehicles("INT. EDWARD'S CAR / DRIVING - DAY"), ["car"]);
        assert_eq!(
            vehicles("INT. LANDCRUISER, DRIVING -- A BIT LATER"),
            ["landcruiser"]
        );
        let none = Vec::<String>::new();
        for place in [
            "CAR PARK",
            "CAR WASH",
            "BUS TERMINAL",
            "TRUCK YARD",
            "BIKE SHOP",
            "BOOKSHOP",
        ] {
            assert_eq!(vehicles(&format!("EXT. {place} - DAY")), none, "{place}");
        }
    }

    #[test]
    fn what_ends_or_precedes_the_film_is_not_a_scene_or_its_transition() {
        let s = script(
            "**Note: the production values don't have to be great.**\n\n\
             INT. A - DAY\n\nX.\n\n> FADE OUT.\n\n> THE END <",
        );
        assert_eq!(s.scenes.len(), 1);
        assert_eq!(s.scenes[0].transition_out.as_deref(), Some("FADE OUT."));
    }

    #[test]
    fn sung_words_are_a_song_and_continued_is_a_time() {
        let s = script("INT. HALL, CONTINUED\n\n~bring me a lamp\n~and a window\n");
        assert_eq!(s.scenes[0].location, "HALL");
        assert_eq!(s.scenes[0].time_of_day.as_deref(), Some("CONTINUED"));
        assert_eq!(s.scenes[0].elements[&Category::SoundEffectsMusic], ["song"]);
        assert!(!s.scenes[0].elements.contains_key(&Category::SetDressing));
    }

    #[test]
    fn opening_before_the_first_heading_is_a_scene() {
        let s = script("FADE IN:\n\nA RIVER.\n\nINT. A - DAY\n\nX.");
        assert_eq!(s.scenes.len(), 2);
        assert_eq!(s.scenes[0].heading, "");
        assert!(script("FADE IN:\n\nINT. A - DAY").scenes.len() == 1);
    }

    #[test]
    fn transitions_belong_to_the_scene_they_leave_and_fades_in_to_the_next() {
        let s = script(
            "FADE IN:\n\nINT. A - DAY\n\nX.\n\nDISSOLVE TO:\n\n\
             EXT. B - DAY\n\nY.\n\n[[a note]]\n\n> fade to black.\n\nFADE IN:\n\n\
             INT. C - NIGHT\n\nZ.\n\nSMASH CUT TO:\n\nINT. D - NIGHT\n\nW.\n\nFADE OUT.",
        );
        let written: Vec<_> = s
            .scenes
            .iter()
            .map(|s| (s.transition_in.as_deref(), s.transition_out.as_deref()))
            .collect();
        assert_eq!(
            written,
            [
                (Some("FADE IN:"), Some("DISSOLVE TO:")),
                (None, Some("FADE TO BLACK.")),
                (Some("FADE IN:"), Some("SMASH CUT TO:")),
                (None, Some("FADE OUT.")),
            ]
        );
        // Capitals that only start with FADE are action, not a transition.
        let s = script("INT. A - DAY\n\nFADED PHOTOS.");
        assert_eq!(s.scenes[0].transition_out, None);
    }

    #[test]
    fn eighths_add_up_to_the_pages() {
        let s = script(SAMPLE);
        let total: u32 = s.scenes.iter().map(|s| s.eighths).sum();
        assert!((2..=8).contains(&total), "{total}");
    }

    #[test]
    fn the_blank_rest_of_a_page_after_a_page_break_is_no_part_of_a_scene() {
        let short = "INT. A - DAY\n\nShe waits.\n\nINT. B - DAY\n\nHe waits.";
        let broken = short.replace("\n\nINT. B", "\n\n===\n\nINT. B");
        let eighths = |text: &str| {
            script(text)
                .scenes
                .iter()
                .map(|s| s.eighths)
                .collect::<Vec<_>>()
        };
        assert_eq!(eighths(&broken), eighths(short));
        assert_eq!(eighths(short), [1, 1]);
    }
}
