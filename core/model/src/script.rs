//! The screenplay as production sees it: scenes with their heading, length,
//! cast, dialogue and breakdown elements.
//!
//! `oneshot-script` fills these from Fountain or Final Draft; scheduling, shot
//! planning, wardrobe and sound read them. The serialized form of [`Script`] is
//! the documented `oneshot breakdown --format json` schema, so renaming a field
//! here is a breaking change to that schema.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A broken-down screenplay.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Script {
    pub title: String,
    /// The title page in source order; keys as written (e.g. `Credit`, `Author`, `Draft date`).
    pub title_page: Vec<TitleEntry>,
    pub scenes: Vec<Scene>,
    /// Every speaking character, most speeches first.
    #[serde(default)]
    pub characters: Vec<CharacterSummary>,
}

/// One speaking character across the whole script.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CharacterSummary {
    /// The name as the cues write it, without extensions.
    pub name: String,
    /// Number of speeches (character cues).
    pub speeches: u32,
    /// Words spoken.
    pub words: u32,
    /// Numbers ([`Scene::number`]) of the scenes the character speaks in, in order.
    pub scenes: Vec<u32>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TitleEntry {
    pub key: String,
    pub value: String,
}

/// Where a span of source text starts and ends (byte offsets; lines are 1-based).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceSpan {
    pub start: usize,
    pub end: usize,
    pub line: u32,
}

/// Interior, exterior or both, from the scene heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum IntExt {
    #[serde(rename = "INT")]
    Int,
    #[serde(rename = "EXT")]
    Ext,
    #[serde(rename = "INT/EXT")]
    IntExt,
}

/// The two halves of the stripboard's colour code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum DayNight {
    Day,
    Night,
}

/// Breakdown-sheet categories, in the order a breakdown sheet lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Cast,
    Extras,
    Stunts,
    Props,
    Wardrobe,
    MakeupHair,
    Vehicles,
    Animals,
    SpecialEffects,
    VisualEffects,
    SoundEffectsMusic,
    SetDressing,
}

impl Category {
    pub const ALL: [Category; 12] = [
        Category::Cast,
        Category::Extras,
        Category::Stunts,
        Category::Props,
        Category::Wardrobe,
        Category::MakeupHair,
        Category::Vehicles,
        Category::Animals,
        Category::SpecialEffects,
        Category::VisualEffects,
        Category::SoundEffectsMusic,
        Category::SetDressing,
    ];

    /// The heading a breakdown sheet prints for this category.
    pub fn label(self) -> &'static str {
        match self {
            Category::Cast => "Cast",
            Category::Extras => "Extras",
            Category::Stunts => "Stunts",
            Category::Props => "Props",
            Category::Wardrobe => "Wardrobe",
            Category::MakeupHair => "Makeup/Hair",
            Category::Vehicles => "Vehicles",
            Category::Animals => "Animals",
            Category::SpecialEffects => "Special Effects",
            Category::VisualEffects => "Visual Effects",
            Category::SoundEffectsMusic => "Sound Effects/Music",
            Category::SetDressing => "Set Dressing",
        }
    }
}

/// Words that make a sound element music rather than an effect (`JUKEBOX`, `a band
/// plays`): the breakdown lists them under [`Category::SoundEffectsMusic`], the cue
/// sheet makes them music cues.
pub const MUSIC_WORDS: &[&str] = &[
    "music",
    "song",
    "sings",
    "singing",
    "jukebox",
    "band",
    "orchestra",
    "piano",
    "guitar",
];

/// Stunts that make a fist fight (`a blur of fists`, `he punches`), not a fall or
/// a car going over the edge: the breakdown lists them under
/// [`Category::Stunts`], the shot list stages them as a fight.
pub const FIST_FIGHTS: &[&str] = &[
    "fight",
    "fights",
    "fistfight",
    "brawl",
    "punch",
    "punches",
    "kick",
    "kicks",
    "headbutt",
    "scuffle",
    "melee",
    "blur of fists",
    "uppercut",
    "haymaker",
];

/// One spoken line, with the time the animatic and the shot list give it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DialogueLine {
    /// Speaker name without extensions (`BILLY`, not `BILLY (V.O.)`).
    pub character: String,
    /// Extensions as written, e.g. `["V.O."]`.
    pub extensions: Vec<String>,
    pub parenthetical: Option<String>,
    pub text: String,
    /// Estimated spoken duration in seconds.
    pub duration_s: f32,
    /// True when this line is one side of a dual-dialogue pair.
    pub dual: bool,
    pub span: SourceSpan,
    /// How many of the scene's action paragraphs ([`Scene::action`]) come before
    /// this line: where it falls in the action, for a cut in story order.
    #[serde(default)]
    pub action_before: u32,
}

/// The line spoken at the same time as `lines[i]`: the other side of its dual
/// dialogue (`^`), the next line when both are dual and two speak them.
pub fn spoken_with(lines: &[DialogueLine], i: usize) -> Option<&DialogueLine> {
    let (line, next) = (lines.get(i)?, lines.get(i + 1)?);
    (line.dual && next.dual && next.character != line.character).then_some(next)
}

impl DialogueLine {
    /// A voice over (`V.O.`): heard over the picture and recorded apart from the
    /// shoot, unlike a voice off screen (`O.S.`), whose speaker is on the set.
    /// A voice heard through a device (`ON TV`, `OVER THE INTERCOM`, `FILTERED`)
    /// is one too: its speaker is not in the room, unlike one speaking into it
    /// (`INTO RADIO`). So is a line laid over the end of the scene before its own
    /// (`PRELAP`): its speaker is on the next scene's set.
    pub fn voice_over(&self) -> bool {
        self.extensions.iter().any(|extension| {
            let extension = extension.to_ascii_uppercase();
            let words: Vec<&str> = extension.split_whitespace().collect();
            // A cue's extension may name a recording too (`ON TAPE`), and `PA`.
            let device =
                |word: &str| is_a_device(word) || ["PA", "TAPE", "RECORDING"].contains(&word);
            let through_a_device = match words.as_slice() {
                [device_alone] => device(device_alone),
                [how, .., last] => {
                    ["ON", "OVER", "FROM", "THROUGH", "VIA"].contains(how) && device(last)
                }
                [] => false,
            };
            extension.starts_with("V.O")
                || matches!(
                    extension.as_str(),
                    "VO" | "V/O"
                        | "VOICE OVER"
                        | "FILTERED"
                        | "RECORDED"
                        | "PRE-RECORDED"
                        | "PRELAP"
                        | "PRE-LAP"
                        | "PRE LAP"
                )
                || through_a_device
        })
    }
}

/// A scene's action the camera sees, in the order of the cut (see [`Scene::beats`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Beats {
    /// What comes before the first line, which the establishing shot covers: a
    /// silent scene's first paragraph.
    pub opening: Vec<String>,
    /// Each later stretch of action, its paragraphs, with the index of the line it
    /// comes before (`lines.len()` after the last line).
    pub later: Vec<(usize, Vec<String>)>,
}

/// One scene of the breakdown.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Scene {
    /// 1-based order in the script.
    pub number: u32,
    /// The heading as written, without scene number or notes.
    pub heading: String,
    pub int_ext: Option<IntExt>,
    /// The set, e.g. `ALLEY - BEHIND THE BAR`.
    pub location: String,
    /// Normalised upper-case time of day as written (`DAY`, `NIGHT`, `CONTINUOUS`, ...).
    pub time_of_day: Option<String>,
    /// The scene number written in the heading (`#1A#`), if any.
    pub scene_number: Option<String>,
    /// Page length in eighths of a page.
    pub eighths: u32,
    /// Story day, 1-based.
    pub story_day: u32,
    /// Estimated screen time in seconds.
    pub estimated_seconds: f32,
    /// Speaking characters, in order of first line, without extensions.
    pub speaking: Vec<String>,
    /// Characters named in the action who do not speak in this scene.
    pub mentioned: Vec<String>,
    /// Breakdown elements by category.
    pub elements: BTreeMap<Category, Vec<String>>,
    /// The scene's dialogue in order.
    pub lines: Vec<DialogueLine>,
    /// The action paragraphs in order (for storyboards and the shot planner).
    pub action: Vec<String>,
    /// What the writer's synopses (`= Ray learns the truth.`) say the scene is
    /// about, joined; `None` when it has none.
    #[serde(default)]
    pub synopsis: Option<String>,
    /// `FADE IN:` (or another fade or iris in) written just before the heading, as
    /// written in upper case.
    pub transition_in: Option<String>,
    /// The transition written after the scene's last line (`DISSOLVE TO:`,
    /// `FADE OUT.`, `SMASH CUT TO:`), as written in upper case.
    pub transition_out: Option<String>,
    pub span: SourceSpan,
}

impl Scene {
    /// The scene's action as the camera sees it, its supers' lines left out (see
    /// [`supers`]), paragraph by paragraph: the opening one first, and then the
    /// rest. Paragraphs that only put words on the screen are no action.
    pub fn seen_action(&self) -> Vec<String> {
        self.action
            .iter()
            .map(|paragraph| without_supers(paragraph))
            .filter(|paragraph| !paragraph.trim().is_empty())
            .collect()
    }

    /// The action the camera sees (see [`Scene::seen_action`]) in the order of
    /// the cut: see [`Beats`].
    pub fn beats(&self) -> Beats {
        let mut beats = Beats::default();
        for (index, paragraph) in self.action.iter().enumerate() {
            let seen = without_supers(paragraph);
            if seen.trim().is_empty() {
                continue;
            }
            let before_line = self
                .lines
                .partition_point(|line| line.action_before as usize <= index);
            // A silent scene opens with its first paragraph; the rest is one stretch.
            let opens = before_line == 0 && (!self.lines.is_empty() || beats.opening.is_empty());
            if opens {
                beats.opening.push(seen);
                continue;
            }
            match beats.later.last_mut() {
                Some((at, stretch)) if *at == before_line => stretch.push(seen),
                _ => beats.later.push((before_line, vec![seen])),
            }
        }
        beats
    }

    /// The scene's supers by where they go up: those in its opening (see
    /// [`Scene::beats`]: before its first line, or in a silent scene up to its
    /// first paragraph the camera sees), and those after it.
    pub fn supers_by_place(&self) -> (Vec<String>, Vec<String>) {
        let first_line = self.lines.first().map(|line| line.action_before as usize);
        let mut opening = Vec::new();
        let mut later = Vec::new();
        let mut seen = false;
        for (index, paragraph) in self.action.iter().enumerate() {
            // The opening as `beats` has it: all before the first line.
            let opens = first_line.map_or(!seen, |first| index < first);
            if opens { &mut opening } else { &mut later }.extend(supers(paragraph));
            seen |= !without_supers(paragraph).trim().is_empty();
        }
        (opening, later)
    }

    /// Whether the scene picks up where the one before it left off, with no time
    /// between for anyone to change: its time of day is `CONTINUOUS`, `SAME` or
    /// `MOMENTS LATER`.
    pub fn runs_on(&self) -> bool {
        (self.time_of_day.as_deref())
            .is_some_and(|tod| has_word(tod, &["CONTINUOUS", "SAME", "MOMENTS"]))
    }

    /// Day or night for scheduling: dusk, evening and night-time words count as night;
    /// `CONTINUOUS`, `LATER` and unknown take the previous scene's, which the caller
    /// passes as `previous`.
    pub fn day_night(&self, previous: DayNight) -> DayNight {
        let Some(tod) = self.time_of_day.as_deref() else {
            return previous;
        };
        const NIGHT: [&str; 8] = [
            "NIGHT", "EVENING", "DUSK", "MIDNIGHT", "TWILIGHT", "LATE", "PRE-DAWN", "PREDAWN",
        ];
        const DAY: [&str; 8] = [
            "DAY",
            "MORNING",
            "DAWN",
            "NOON",
            "AFTERNOON",
            "SUNRISE",
            "SUNSET",
            "MAGIC HOUR",
        ];
        let has = |words: &[&str]| has_word(tod, words);
        if has(&NIGHT) {
            DayNight::Night
        } else if has(&DAY) {
            DayNight::Day
        } else {
            previous
        }
    }

    /// Page length as a production office writes it: `1 3/8`, `4/8`, `2`.
    pub fn pages_label(&self) -> String {
        eighths_label(self.eighths)
    }

    /// Whether `name` is only heard in this scene: every line of theirs a voice over.
    pub fn only_heard(&self, name: &str) -> bool {
        let mut lines = self
            .lines
            .iter()
            .filter(|line| line.character == name)
            .peekable();
        lines.peek().is_some() && lines.all(DialogueLine::voice_over)
    }

    /// Everyone on the set: the breakdown's cast (see `docs/breakdown-schema.md`);
    /// for a scene without one, its speakers but for a voice only heard (see
    /// [`Scene::only_heard`]) and a crowd (see [`is_group_cue`]).
    pub fn cast(&self) -> Vec<&str> {
        match self.elements.get(&Category::Cast) {
            Some(cast) => cast.iter().map(String::as_str).collect(),
            None => self
                .speaking
                .iter()
                .filter(|name| !self.only_heard(name) && !is_group_cue(name))
                .map(String::as_str)
                .collect(),
        }
    }
}

/// Whether a heading's place names a shot or a beat rather than a place, by a
/// word such as `POV`, `INSERT` or `TITLES` (`SNIPER SCOPE POV`, `OPENING
/// TITLES`), or is `BLACK` alone.
pub fn names_a_shot(location: &str) -> bool {
    const SHOT_WORDS: [&str; 11] = [
        "POV",
        "INSERT",
        "TITLE",
        "TITLES",
        "CREDITS",
        "MONTAGE",
        "SHOTS",
        "ANGLE",
        "CLOSEUP",
        "FLASHBACK",
        "INTERCUT",
    ];
    let location = location.trim();
    location.eq_ignore_ascii_case("BLACK")
        || (location.split(|c: char| !c.is_alphanumeric())).any(|word| {
            SHOT_WORDS
                .iter()
                .any(|shot| shot.eq_ignore_ascii_case(word))
        })
}

/// What two spellings of one place have in common: `BIG-TOP` is `BIG TOP`, `THE
/// SORORITY HOUSE` is `SORORITY HOUSE`, in any case.
pub fn place_key(location: &str) -> String {
    let upper = location.to_uppercase().replace(['-', '–', '—'], " ");
    let words: Vec<&str> = upper.split_whitespace().collect();
    match words.as_slice() {
        ["THE", rest @ ..] if !rest.is_empty() => rest.join(" "),
        all => all.join(" "),
    }
}

/// Whether `text` has one of `words` as a whole word (or words): `LATER` does not
/// have `LATE`, `HOLIDAY` does not have `DAY`, `MAGIC HOUR` is two.
pub fn has_word(text: &str, words: &[&str]) -> bool {
    words.iter().any(|word| {
        text.match_indices(word).any(|(at, _)| {
            let before = text[..at].chars().next_back();
            let after = text[at + word.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
    })
}

/// Whether a character cue is a crowd or an unnamed voice, not one actor: `THE
/// CROWD`, `VARIOUS TOWNFOLK`, `OTHER GUESTS`, an unnamed voice (see
/// [`is_unnamed_voice`]), or the cast already there speaking together (see
/// [`is_cast_together`]). No one is cast for it. The whole cue decides: `CLASS
/// PRESIDENT`, `SOME GUY` and `OTHER GUARD` are parts.
pub fn is_group_cue(name: &str) -> bool {
    const GROUPS: [&str; 21] = [
        "ALL",
        "AUDIENCE",
        "BOTH",
        "CHILDREN",
        "CHORUS",
        "CLASS",
        "CROWD",
        "CROWDS",
        "EVERYBODY",
        "EVERYONE",
        "FANS",
        "GUESTS",
        "KIDS",
        "ONLOOKERS",
        "OTHERS",
        "PEOPLE",
        "SPECTATORS",
        "TOWNFOLK",
        "TOWNSFOLK",
        "TOWNSPEOPLE",
        "VOICES",
    ];
    const QUANTIFIERS: [&str; 6] = ["VARIOUS", "SEVERAL", "SOME", "MANY", "OTHER", "MORE"];
    if is_cast_together(name) || is_unnamed_voice(name) {
        return true;
    }
    let words = cue_words(name);
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    match words.as_slice() {
        [one] => GROUPS.contains(one),
        // `VARIOUS TOWNFOLK`, `SEVERAL GUESTS`: a quantifier before a plural.
        [quantifier, group] => {
            QUANTIFIERS.contains(quantifier)
                && (group.ends_with('S') || group.ends_with("FOLK") || GROUPS.contains(group))
        }
        _ => false,
    }
}

/// Whether a cue is a voice no actor on the set gives: a voice described, not
/// named (`A VOICE`, `A GIRL'S VOICE`, `MALE VOICE`), or a device that speaks
/// (`INTERCOM`, `THE RADIO`, `MESSAGE MACHINE`, `CAR RADIO`; a machine or a tape
/// says what kind: `THE MACHINE` may be a part). The voice is recorded apart; who
/// it is, the action says (`It's Don`). `VOICE OF GOD` and `PA` are parts.
pub fn is_unnamed_voice(name: &str) -> bool {
    const RECORDINGS: [&str; 4] = ["MACHINE", "TAPE", "RECORDER", "RECORDING"];
    let words = cue_words(name);
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    match words.as_slice() {
        [.., "VOICE"] => true,
        [_, .., last] if RECORDINGS.contains(last) => true,
        [.., last] => is_a_device(last),
        [] => false,
    }
}

/// Whether a cue names a part by what they are and no one in particular: `MAN`,
/// `OLD WOMAN`, `GUARD #2`, `NURSE`. Writers give the same such name to people
/// who have nothing to do with each other: the man in the kitchen on the first
/// night is not the man in the yard two days later. A part the story knows
/// (`MOTHER`, `SHERIFF`, `BOSS`) is not anonymous.
pub fn is_anonymous_part(name: &str) -> bool {
    const ANONYMOUS: [&str; 32] = [
        "BARTENDER",
        "BOY",
        "CASHIER",
        "CHILD",
        "CLERK",
        "COP",
        "CUSTOMER",
        "DRIVER",
        "GENTLEMAN",
        "GIRL",
        "GUARD",
        "GUY",
        "KID",
        "LADY",
        "MAN",
        "NURSE",
        "OFFICER",
        "PASSENGER",
        "PASSERBY",
        "PATIENT",
        "POLICEMAN",
        "RECEPTIONIST",
        "SOLDIER",
        "STRANGER",
        "TEENAGER",
        "TELLER",
        "THUG",
        "TOURIST",
        "WAITER",
        "WAITRESS",
        "WITNESS",
        "WOMAN",
    ];
    let words = cue_words(name);
    // The number tells apart two at once (`GUARD #2`), not who they are.
    let mut words = (words.iter().map(String::as_str)).filter(|w| !is_part_number(w));
    words
        .next_back()
        .is_some_and(|last| ANONYMOUS.contains(&last))
}

/// Numbers as words, one to twelve, as cues count parts (`PATRON THREE`).
pub const NUMBER_WORDS: [&str; 12] = [
    "ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE", "TEN", "ELEVEN",
    "TWELVE",
];

/// How many days a cue says pass: `THREE DAYS LATER` 3, `A WEEK LATER` 7, `TWO
/// MONTHS LATER` 60, `YEARS LATER` 730 (a few, or an unsaid number of days, weeks,
/// months or years: three, or two of a plural), as a heading or a title card
/// jumps; what heals or grows in between counts them. `None` without such a cue.
pub fn days_passed(text: &str) -> Option<u32> {
    let upper = text.to_uppercase();
    let words: Vec<&str> = (upper.split(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect();
    (1..words.len()).find_map(|i| {
        if words[i] != "LATER" {
            return None;
        }
        let unit = words[i - 1];
        let plural = unit.ends_with('S');
        let days = match unit.trim_end_matches('S') {
            "DAY" => 1,
            "WEEK" => 7,
            "MONTH" => 30,
            "YEAR" => 365,
            _ => return None,
        };
        let count = i.checked_sub(2).map(|at| words[at]);
        let number = count.and_then(|count| match count {
            "A" | "AN" => Some(1),
            "FEW" | "SEVERAL" | "SOME" => Some(3),
            _ => (count.parse().ok()).or_else(|| {
                NUMBER_WORDS
                    .iter()
                    .position(|w| *w == count)
                    .map(|i| i as u32 + 1)
            }),
        });
        Some(days * number.unwrap_or(if plural { 2 } else { 1 }))
    })
}

/// Whether a word of a cue counts parts: `#2`, `2` or `TWO` (any case).
pub fn is_part_number(word: &str) -> bool {
    let digits = word.trim_start_matches('#');
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
        || NUMBER_WORDS.iter().any(|n| n.eq_ignore_ascii_case(word))
}

/// A cue's words in upper case, without the article before them (`THE CROWD` is
/// `CROWD`).
fn cue_words(name: &str) -> Vec<String> {
    let mut words: Vec<String> = name.split_whitespace().map(str::to_uppercase).collect();
    if words.len() > 1 && ["THE", "A", "AN"].contains(&words[0].as_str()) {
        words.remove(0);
    }
    words
}

/// Whether a word names a device a voice comes out of (a recording names its
/// kind: see [`is_unnamed_voice`]).
fn is_a_device(word: &str) -> bool {
    const DEVICES: [&str; 10] = [
        "INTERCOM",
        "LOUDSPEAKER",
        "P.A.",
        "PHONOGRAPH",
        "RADIO",
        "SPEAKERPHONE",
        "TANNOY",
        "TELEVISION",
        "TV",
        "WALKIE-TALKIE",
    ];
    let word = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '.');
    DEVICES
        .iter()
        .any(|device| device.eq_ignore_ascii_case(word))
}

/// Whether a cue is the cast already in the scene speaking together: `ALL`,
/// `BOTH`, `ALL THREE`, `EVERYONE ELSE`. Their lines are the cast's, not walla.
pub fn is_cast_together(name: &str) -> bool {
    let first = name.split_whitespace().next().unwrap_or_default();
    ["ALL", "BOTH", "EVERYONE", "EVERYBODY"]
        .iter()
        .any(|together| together.eq_ignore_ascii_case(first))
}

/// `11` eighths -> `1 3/8`.
pub fn eighths_label(eighths: u32) -> String {
    match (eighths / 8, eighths % 8) {
        (0, 0) => "0".into(),
        (0, e) => format!("{e}/8"),
        (p, 0) => format!("{p}"),
        (p, e) => format!("{p} {e}/8"),
    }
}

/// The era a heading names in parentheses or brackets: a year, the present or a
/// flash back or forward (`EXT. CAMPFIRE - NIGHT (1977)`, `INT. KITCHEN - (PRESENT)
/// DAY`, `INT. GUEST ROOM - NIGHT [PRESENT]`, `INT. BEDROOM - DAY [FLASHBACK]`), or
/// the present or a flash as a part of its own (`INT. BEDROOM - DAY - FLASHBACK`,
/// `- PRESENT`): the story has moved to another time when it changes.
pub fn heading_era(heading: &str) -> Option<&str> {
    let bracketed = heading.split(['(', '[']).skip(1).find_map(|rest| {
        let inside = rest.split([')', ']']).next()?.trim();
        let year = inside.len() == 4 && inside.bytes().all(|b| b.is_ascii_digit());
        (year || is_a_flash(inside) || inside.eq_ignore_ascii_case("PRESENT")).then_some(inside)
    });
    bracketed.or_else(|| {
        (heading.split(" - ").skip(1).map(str::trim))
            .find(|part| is_a_flash(part) || part.eq_ignore_ascii_case("PRESENT"))
    })
}

/// Whether an era is a flashback or a flash forward (`FLASHBACK`, `FLASH BACK`,
/// `FLASHFORWARD`): a time of its own each time the story cuts to one, unlike a
/// year or the present, which the story comes back to.
pub fn is_a_flash(era: &str) -> bool {
    let era = era.to_ascii_uppercase().replace([' ', '-'], "");
    matches!(era.as_str(), "FLASHBACK" | "FLASHFORWARD")
}

/// The sentences of `text` (split at `.`, `!`, `?` and `;`, but not at the dot
/// of `Mr.` or `Dr.`) as lower-case words, each word's possessive `'s` dropped
/// (`Ray's` reads `ray`): action as it is read to find who does what (the blow
/// of a fight, a bloody lip).
pub fn sentence_words(text: &str) -> Vec<Vec<String>> {
    let mut sentences = Vec::new();
    let mut sentence: Vec<String> = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let end = rest.find(['.', '!', '?', ';']).unwrap_or(rest.len());
        sentence.extend(words_of(&rest[..end]));
        // `Mr.` and an initial (`A.J.`) end no sentence.
        let titled = rest[end..].starts_with('.')
            && sentence
                .last()
                .is_some_and(|w| TITLES.contains(&w.as_str()) || w.chars().count() == 1);
        if !titled && !sentence.is_empty() {
            sentences.push(std::mem::take(&mut sentence));
        }
        rest = rest.get(end + 1..).unwrap_or("");
    }
    if !sentence.is_empty() {
        sentences.push(sentence);
    }
    sentences
}

/// What a screenplay writes before words to put on the screen over the picture.
const SUPER_CUES: [&str; 7] = [
    "SUPER",
    "SUPERIMPOSE",
    "TITLE",
    "TITLE CARD",
    "CHYRON",
    "CAPTION",
    "ON SCREEN",
];

/// The words an action paragraph puts on the screen (`SUPER: Tokyo, 1999`,
/// `TITLE: "Three days later"`), a line each, without the quote marks round
/// them: what follows the cue and its colon to the end of the line, or the next
/// line when the cue stands alone.
pub fn supers(paragraph: &str) -> Vec<String> {
    paragraph_lines(paragraph)
        .filter_map(|line| match line {
            Line::Super(text) if !text.is_empty() => Some(text.to_owned()),
            _ => None,
        })
        .collect()
}

/// An action paragraph without its supers' lines: the action the camera sees.
pub fn without_supers(paragraph: &str) -> String {
    seen_lines(paragraph).collect::<Vec<_>>().join("\n")
}

/// An action paragraph's text without its supers (see [`supers`]), as written:
/// the runs of lines between them, each one slice of the paragraph (the whole
/// of it when it has none, as most have); nothing of a paragraph set in, the
/// words of a letter or a card (see [`is_set_in`]). The breakdown reads it for props and
/// cast without copying it, a description running on over a line break as it
/// does in the paragraph.
pub fn seen_lines(paragraph: &str) -> impl Iterator<Item = &str> {
    // Words set in, as a writer sets a letter or a card, are read, not acted.
    let set_in = is_set_in(paragraph);
    // Without a colon there is no super: the whole paragraph, unsplit (the
    // breakdown's hot path reads every paragraph through here).
    let plain = set_in || !paragraph.contains(':');
    let mut whole = (plain && !set_in).then_some(paragraph);
    let mut lines = paragraph_lines(paragraph).peekable();
    std::iter::from_fn(move || {
        if plain {
            return whole.take();
        }
        // Past the supers to the next run of action, then to its end.
        let mut run = loop {
            match lines.next()? {
                Line::Seen(range) => break range,
                Line::Super(_) => {}
            }
        };
        while let Some(Line::Seen(range)) = lines.peek() {
            run.end = range.end;
            lines.next();
        }
        Some(&paragraph[run])
    })
}

/// Whether an action paragraph is set in: every line indented by four spaces or
/// a tab (`          Jacob Billups`), the words of a letter, a card or a sign,
/// as writers set them in Fountain.
fn is_set_in(paragraph: &str) -> bool {
    let indented = |line: &str| line.starts_with("    ") || line.starts_with('\t');
    paragraph.starts_with([' ', '\t'])
        && (paragraph.lines())
            .filter(|line| !line.trim().is_empty())
            .all(indented)
}

/// True when `line` opens a super (`SUPER:`, `Title: Three days later`): never
/// a character's cue, even in capitals with words under it.
pub fn is_super(line: &str) -> bool {
    super_text(line).is_some()
}

/// What follows a super's cue and colon on its line.
fn super_text(line: &str) -> Option<&str> {
    let (cue, text) = line.trim().split_once(':')?;
    let cue = cue.trim();
    SUPER_CUES
        .iter()
        .any(|known| cue.eq_ignore_ascii_case(known))
        .then_some(text)
}

/// A line of an action paragraph: words for the screen (cue and quotes taken
/// off, possibly empty), or action (where it is in the paragraph, its line
/// break left out).
enum Line<'a> {
    Super(&'a str),
    Seen(std::ops::Range<usize>),
}

/// A paragraph's lines, supers told from action; a cue alone on its line takes
/// the next line with it.
fn paragraph_lines(paragraph: &str) -> impl Iterator<Item = Line<'_>> {
    let mut lines = paragraph.split('\n').scan(0, |start, line| {
        let at = *start;
        *start += line.len() + 1;
        Some((at, line))
    });
    std::iter::from_fn(move || {
        let (at, line) = lines.next()?;
        let Some(text) = super_text(line) else {
            return Some(Line::Seen(at..at + line.len()));
        };
        let text = match text.trim() {
            "" => lines.next().map_or("", |(_, line)| line.trim()),
            text => text,
        };
        let quoted = [('"', '"'), ('“', '”'), ('\'', '\'')]
            .iter()
            .find_map(|&(open, close)| text.strip_prefix(open)?.strip_suffix(close));
        Some(Line::Super(quoted.unwrap_or(text).trim()))
    })
}

/// Marks that end a sentence: Latin ones, and the full-width ones of Chinese and
/// Japanese, which need no space after them.
const SENTENCE_ENDS: &[char] = &['.', '!', '?', '。', '！', '？'];
/// What may close a sentence after its end mark.
const CLOSERS: &[char] = &['"', '\'', '”', '’', ')', ']'];

/// The first sentence of `text` as written, its end marks kept: the text up to
/// the first run of `.`, `!` or `?` (with any closing quotes) followed by a space
/// or the end. A dot after `Mr.` or an initial ends none, nor does an ellipsis,
/// a decimal point or a dot inside a web address. All of it without one.
pub fn first_sentence(text: &str) -> &str {
    let mut chars = text.char_indices().peekable();
    while let Some((at, mark)) = chars.next() {
        if !SENTENCE_ENDS.contains(&mark) {
            continue;
        }
        let mut end = at + mark.len_utf8();
        while let Some(&(next_at, next)) = chars.peek() {
            if !(SENTENCE_ENDS.contains(&next) || CLOSERS.contains(&next)) {
                break;
            }
            end = next_at + next.len_utf8();
            chars.next();
        }
        let spaced = !mark.is_ascii() || text[end..].chars().next().is_none_or(char::is_whitespace);
        let ellipsis = text[at..end].starts_with("..");
        let last_word = text[..at]
            .rsplit(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
            .next()
            .unwrap_or("")
            .to_lowercase();
        let titled = &text[at..end] == "." && !a_dot_ends(&last_word);
        if spaced && !ellipsis && !titled {
            return &text[..end];
        }
    }
    text
}

/// Whether a dot after `word` can end a sentence: not after a title (`Mr.`) or an
/// initial (`J.`).
pub fn a_dot_ends(word: &str) -> bool {
    let word = word.to_lowercase();
    !(TITLES.contains(&word.as_str()) || word.chars().count() == 1)
}

/// Titles written with a dot that ends no sentence (`Dr.`, `Mrs.`), lower case
/// and without the dot.
pub const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "dr", "jr", "sr", "prof", "lt", "sgt", "capt",
];

/// The words of `text`, lower-case, without a possessive `'s`: letters, digits and
/// apostrophes, split at everything else (`C-3PO` is `c`, `3po`).
fn words_of(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
        .map(|w| {
            let w = w.to_lowercase();
            let owner = w.strip_suffix("'s").or_else(|| w.strip_suffix("’s"));
            owner.map_or_else(|| w.clone(), str::to_owned)
        })
}

/// Where the words of `name` (`YOUNG EDWARD`, `MR. PINK`) start in `words`,
/// both read as [`sentence_words`] reads them.
pub fn name_at(words: &[String], name: &str) -> Vec<usize> {
    let name: Vec<String> = words_of(name).collect();
    if name.is_empty() {
        return Vec::new();
    }
    (0..words.len())
        .filter(|&i| words[i..].starts_with(&name))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cue_says_how_many_days_pass() {
        assert_eq!(days_passed("INT. GYM - TWO MONTHS LATER"), Some(60));
        assert_eq!(days_passed("THREE DAYS LATER"), Some(3));
        assert_eq!(days_passed("A week later, Ray returns."), Some(7));
        assert_eq!(days_passed("SUPER: 10 YEARS LATER"), Some(3650));
        assert_eq!(days_passed("A FEW DAYS LATER"), Some(3));
        assert_eq!(days_passed("EXT. PARK - YEARS LATER"), Some(730));
        assert_eq!(days_passed("INT. GYM - MOMENTS LATER"), None);
        assert_eq!(days_passed("INT. GYM - LATER"), None);
    }

    #[test]
    fn action_reads_as_sentences_of_words() {
        let sentences = sentence_words("Ray's fist hits Voss! Young Edward ducks; fin.");
        assert_eq!(
            sentences,
            [
                vec!["ray", "fist", "hits", "voss"],
                vec!["young", "edward", "ducks"],
                vec!["fin"]
            ]
        );
        assert_eq!(name_at(&sentences[1], "YOUNG EDWARD"), [0]);
        assert_eq!(name_at(&sentences[0], "Voss"), [3]);
        assert!(name_at(&sentences[0], " ").is_empty());
        // A title's dot ends no sentence; names with marks match as the text reads.
        let pink = sentence_words("Mr. Pink hits Jean-Luc. Done");
        assert_eq!(pink.len(), 2);
        assert_eq!(name_at(&pink[0], "MR. PINK"), [0]);
        assert_eq!(name_at(&pink[0], "JEAN-LUC"), [3]);
        let initials = sentence_words("A.J. ducks. Main St. is empty.");
        // Initials run on; `St.` (a street) may end a sentence, so it does.
        assert_eq!(initials.len(), 3, "{initials:?}");
        assert_eq!(name_at(&initials[0], "A.J."), [0]);
        assert_eq!(
            first_sentence("Mr. Pink and A.J. wait. Rain."),
            "Mr. Pink and A.J. wait."
        );
        assert_eq!(first_sentence("Stop! Now."), "Stop!");
        assert_eq!(first_sentence("No end"), "No end");
        for (text, first) in [
            ("Wait... he goes. Rain.", "Wait... he goes."),
            ("At 10.30 the bus comes. Rain.", "At 10.30 the bus comes."),
            (
                "He reads www.example.com daily.",
                "He reads www.example.com daily.",
            ),
            ("What?! No.", "What?!"),
            ("\"Go.\" He goes.", "\"Go.\""),
            ("雨が降る。彼は待つ。", "雨が降る。"),
        ] {
            assert_eq!(first_sentence(text), first);
        }
    }

    #[test]
    fn eighths_read_like_a_stripboard() {
        assert_eq!(eighths_label(11), "1 3/8");
        assert_eq!(eighths_label(4), "4/8");
        assert_eq!(eighths_label(16), "2");
    }

    #[test]
    fn day_night_follows_the_heading() {
        let mut scene = Scene {
            time_of_day: Some("EVENING".into()),
            ..Scene::default()
        };
        assert_eq!(scene.day_night(DayNight::Day), DayNight::Night);
        scene.time_of_day = Some("CONTINUOUS".into());
        assert_eq!(scene.day_night(DayNight::Night), DayNight::Night);
        scene.time_of_day = Some("MORNING".into());
        assert_eq!(scene.day_night(DayNight::Night), DayNight::Day);
        scene.time_of_day = Some("LATER".into());
        assert_eq!(scene.day_night(DayNight::Day), DayNight::Day);
    }

    #[test]
    fn json_uses_documented_names() {
        let scene = Scene {
            int_ext: Some(IntExt::IntExt),
            ..Scene::default()
        };
        let json = serde_json::to_value(&scene).unwrap();
        assert_eq!(json["int_ext"], "INT/EXT");
        assert!(json["scene_number"].is_null());
    }

    #[test]
    fn a_voice_through_a_device_is_heard_one_into_it_is_on_the_set() {
        let line = |extension: &str| DialogueLine {
            extensions: vec![extension.into()],
            ..DialogueLine::default()
        };
        for heard in [
            "V.O.",
            "ON TV",
            "OVER THE INTERCOM",
            "ON THE P.A.",
            "OVER PA",
            "ON TAPE",
            "RADIO",
            "FILTERED",
            "PRELAP",
            "PRE-LAP",
        ] {
            assert!(line(heard).voice_over(), "{heard}");
        }
        for there in ["O.S.", "INTO RADIO", "CONT'D", "ON THE PHONE"] {
            assert!(!line(there).voice_over(), "{there}");
        }
    }

    #[test]
    fn a_crowd_is_the_whole_cue_not_its_first_word() {
        for crowd in [
            "THE CROWD",
            "ALL",
            "Both",
            "ALL THREE",
            "EVERYONE ELSE",
            "VARIOUS TOWNFOLK",
            "SEVERAL GUESTS",
            "OTHER GUESTS",
            "MORE VOICES",
            "A VOICE",
            "A GIRL'S VOICE",
            "MALE VOICE",
            "MESSAGE MACHINE",
            "INTERCOM",
            "CAR RADIO",
        ] {
            assert!(is_group_cue(crowd), "{crowd}");
        }
        for part in [
            "CLASS PRESIDENT",
            "CHORUS GIRL",
            "OTHER GUARD",
            "SOME GUY",
            "VOICE OF GOD",
            "RADIO OPERATOR",
            "TV REPORTER",
            "PA",
            "THE MACHINE",
            "ALLY",
        ] {
            assert!(!is_group_cue(part), "{part}");
        }
    }

    #[test]
    fn anonymous_parts_are_named_by_what_they_are() {
        for part in [
            "MAN",
            "OLD WOMAN",
            "GUARD #2",
            "the nurse",
            "SOLDIER TWO",
            "TELLER WOMAN",
        ] {
            assert!(is_anonymous_part(part), "{part}");
        }
        for part in [
            "MOTHER",
            "SHERIFF",
            "NINA",
            "MAN IN BLACK",
            "#2",
            "WOMAN'S HUSBAND",
        ] {
            assert!(!is_anonymous_part(part), "{part}");
        }
    }

    #[test]
    fn words_set_in_are_read_not_acted() {
        let card = "          Scott --\n          Jacob Billups\n\tPalace Hotel, RM 412";
        assert_eq!(seen_lines(card).count(), 0);
        assert_eq!(without_supers(card), "");
        // One line set in among others is action as written.
        let action = "He reads:\n          Dear Scott";
        assert_eq!(seen_lines(action).collect::<Vec<_>>(), [action]);
    }

    #[test]
    fn supers_are_the_words_after_their_cue() {
        let paragraph = "SUPER: \"Tokyo, 1999\"\nThe city hums.\ntitle card: THREE DAYS LATER\nSuperman: flies.\nCHYRON:  ";
        assert_eq!(supers(paragraph), ["Tokyo, 1999", "THREE DAYS LATER"]);
        assert!(supers("The SUPER: arrives late.").is_empty());
        assert_eq!(
            supers("SUPER: 'Nam\nTITLE: The Kings'"),
            ["'Nam", "The Kings'"]
        );
        assert_eq!(supers("TITLE: “Later”"), ["Later"]);
        // A cue standing alone takes the next line; Windows line ends are no words.
        let alone = "SUPER:\r\nTokyo, 1999\r\nRain.";
        assert_eq!(supers(alone), ["Tokyo, 1999"]);
        assert_eq!(without_supers(alone), "Rain.");
        assert!(supers("SUPERIMPOSE:").is_empty());
        let pieces = |text| seen_lines(text).collect::<Vec<_>>();
        assert_eq!(pieces("Rain.\nA dog."), ["Rain.\nA dog."]);
        let text = "10:30. Rain\non neon.\nSUPER:\nTokyo\nA dog\nbarks.\n";
        assert_eq!(pieces(text), ["10:30. Rain\non neon.", "A dog\nbarks.\n"]);
        assert_eq!(
            without_supers(text),
            "10:30. Rain\non neon.\nA dog\nbarks.\n"
        );
        assert!(pieces("SUPER: Tokyo").is_empty());
        assert!(is_super("  Title card : Later") && !is_super("TITLE") && !is_super("SUPERB: no"));
        let scene = Scene {
            action: vec![
                "SUPER: Tokyo, 1999".into(),
                "Rain on neon.\nSUPER: The Ginza".into(),
                "TITLE: Three hours later".into(),
                "The rain stops.".into(),
            ],
            ..Scene::default()
        };
        assert_eq!(scene.seen_action(), ["Rain on neon.", "The rain stops."]);
        let (opening, later) = scene.supers_by_place();
        assert_eq!(opening, ["Tokyo, 1999", "The Ginza"]);
        assert_eq!(later, ["Three hours later"]);
        // With lines, the opening is all the action before the first of them.
        let with_lines = Scene {
            lines: vec![DialogueLine {
                action_before: 3,
                ..DialogueLine::default()
            }],
            ..scene
        };
        let (opening, later) = with_lines.supers_by_place();
        assert_eq!(opening, ["Tokyo, 1999", "The Ginza", "Three hours later"]);
        assert!(later.is_empty());
        assert!(Scene::default().seen_action().is_empty());
    }
}
