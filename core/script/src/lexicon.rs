//! The breakdown lexicon: everyday words a breakdown sheet files under a category,
//! and the note keys (`[[prop: chain]]`) writers use to tag elements by hand.
//!
//! Deliberately small and unambiguous: a word that is usually something else
//! ("fire" as in firing a gun, "set" as a verb) stays out, because a false entry
//! on a breakdown sheet costs a production more than a missing one.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};
use std::ops::Range;
use std::sync::LazyLock;

use oneshot_model::Category;
use oneshot_model::script::{FIST_FIGHTS, MUSIC_WORDS, is_part_number};

const PROPS: &[&str] = &[
    "gun",
    "pistol",
    "revolver",
    "rifle",
    "shotgun",
    "knife",
    // Laid for a meal, a knife is no weapon (see the schedule's permits).
    "knife and fork",
    "knife or fork",
    "knives and forks",
    "cutlery",
    "silverware",
    "sword",
    "dagger",
    "axe",
    "phone",
    "cellphone",
    "telephone",
    "letter",
    "envelope",
    "suitcase",
    "briefcase",
    "bag",
    "backpack",
    "wallet",
    "purse",
    "camera",
    "book",
    "notebook",
    "newspaper",
    "map",
    "key",
    "keys",
    "ring",
    "bottle",
    "glass",
    "cup",
    "mug",
    "beer",
    "wine",
    "whiskey",
    "cigarette",
    "cigar",
    "lighter",
    "flashlight",
    "torch",
    "umbrella",
    "card",
    "photo",
    "photograph",
    "money",
    "cash",
    "coin",
    "ticket",
    "badge",
    "handcuffs",
    "rope",
    "chain",
    "hammer",
    "wrench",
    "monkey wrench",
    "pipe",
    "baseball bat",
    "wedding ring",
    "wedding band",
    "engagement ring",
    "light bulb",
    "wheelchair",
    "shovel",
    "laptop",
    "computer",
    "tablet",
    "pen",
    "pencil",
    "gift",
    "cake",
    "sandwich",
    "plate",
    "tray",
    "fishing rod",
    "fishing pole",
    "rod",
    "bucket",
    "basket",
    "box",
    "radio",
    "remote",
    "syringe",
    "pills",
    "laser printer",
    "computer mouse",
    "rat poison",
    "model airplane",
    "machine gun",
    "crowbar",
    "photo album",
    "certificate",
    "digital camera",
    "holster",
    "calculator",
    "rifle scope",
    "sniper scope",
    "drugs",
    "hairbrush",
    "rag",
    "paintbrush",
    "glass bottle",
    "bottle cap",
];
const WARDROBE: &[&str] = &[
    "dress",
    "gown",
    "suit",
    "tuxedo",
    "uniform",
    "jacket",
    "coat",
    "overcoat",
    "raincoat",
    "hat",
    "top hat",
    "cowboy hat",
    "wedding dress",
    "horse costume",
    "cap",
    "helmet",
    "shirt",
    "t-shirt",
    "blouse",
    "sweater",
    "jeans",
    "trousers",
    "pants",
    "skirt",
    "shoes",
    "boots",
    "sneakers",
    "gloves",
    "scarf",
    "bowtie",
    "apron",
    "robe",
    "bathrobe",
    "pajamas",
    "costume",
    "veil",
    "mask",
    "sunglasses",
    "glasses",
];
const MAKEUP_HAIR: &[&str] = &[
    "mascara",
    "eyeliner",
    "blood",
    "bloody",
    "bruise",
    "bruised",
    "scar",
    "wound",
    "tattoo",
    "makeup",
    "lipstick",
    "wig",
    "beard",
    "moustache",
    "mustache",
    "sweat",
    "bandage",
    "bandaged",
    "ponytail",
    "braid",
    "braids",
    "bald",
    "buzz cut",
    "chicken pox",
];
const VEHICLES: &[&str] = &[
    "car",
    "truck",
    "pickup truck",
    "fire truck",
    "police car",
    "van",
    "bus",
    "taxi",
    "cab",
    "motorcycle",
    "bicycle",
    "bike",
    "scooter",
    "train",
    "boat",
    "ship",
    "canoe",
    "helicopter",
    "airplane",
    "plane",
    "jeep",
    "limo",
    "limousine",
    "ambulance",
    "tractor",
    "wagon",
    "carriage",
    "tank",
    "sedan",
    "pickup",
    "convertible",
    "cruiser",
    "license plate",
    "station wagon",
    "minivan",
    "motorbike",
    "suv",
    "porsche",
    "ferrari",
    "cadillac",
    "chevrolet",
    "chevy",
    "oldsmobile",
    "pontiac",
    "buick",
    "toyota",
    "lexus",
    "volkswagen",
    "vw",
    "land rover",
    "landcruiser",
    "land cruiser",
    "mercedes",
    "bmw",
    "volvo",
    "humvee",
    "winnebago",
    "mazda",
    "nissan",
    "honda",
    "subaru",
    "audi",
    "gti",
    "ford",
    "dodge",
    "toyota landcruiser",
    "toyota land cruiser",
    "chopper",
    "lawnmower",
    "lawn mower",
];
const ANIMALS: &[&str] = &[
    "dog",
    "puppy",
    "cat",
    "kitten",
    "horse",
    "pony",
    "cow",
    "pig",
    "chicken",
    "bird",
    "crow",
    "owl",
    "fish",
    "catfish",
    "snake",
    "rat",
    "mouse",
    "wolf",
    "bear",
    "deer",
    "elephant",
    "monkey",
    "goat",
    "sheep",
    "duck",
    "goose",
    "spider",
    "bee",
    "lion",
    "tiger",
    "fox",
    "ewe",
    "lamb",
    "hen",
    "rooster",
    "donkey",
    "mule",
    "rabbit",
    "squirrel",
    "parrot",
    "pigeon",
    "seagull",
    "eagle",
    "frog",
    "turtle",
    "alligator",
    "crocodile",
    "shark",
    "buzzard",
    "vulture",
];
const SPECIAL_EFFECTS: &[&str] = &[
    "rain",
    "snow",
    "fog",
    "mist",
    "smoke",
    "explosion",
    "explodes",
    "flames",
    "fireball",
    "sparks",
    "wind",
    "storm",
    "lightning",
    "blaze",
    "bullet-hole",
    "steam",
    "breakaway",
    "ablaze",
    "burning",
    "on fire",
    "gunfire",
    "machine gun fire",
    "opens fire",
    "fires at",
    "fires again",
    "fires twice",
    "fires a shot",
    "pulls the trigger",
    "squeezes the trigger",
    "fireworks",
    "muzzle flash",
    "squib",
    "detonates",
    "detonation",
    "shatter",
];
const VISUAL_EFFECTS: &[&str] = &[
    "hologram",
    "ghost",
    "monster",
    "dragon",
    "spaceship",
    "ufo",
    "laser",
    "portal",
    "wormhole",
    "creature",
    "teleports",
    "vanishes",
    "levitates",
    "transforms",
    "superimposed",
    "witch",
];
const SOUND_EFFECTS: &[&str] = &[
    "gunshot", "thunder", "siren", "alarm", "doorbell", "ringing", "bang", "boom", "crash", "thud",
    "slam", "knock", "knocking", "scream", "whistle", "honk", "buzz", "beep", "click", "echo",
    "applause", "laughter",
];
const SET_DRESSING: &[&str] = &[
    "couch",
    "sofa",
    "armchair",
    "chair",
    "rocking chair",
    "neon sign",
    "water tower",
    "street lamp",
    "fire hydrant",
    "mailbox",
    "phone booth",
    "table",
    "desk",
    "bed",
    "hospital bed",
    "bunk bed",
    "lamp",
    "painting",
    "curtains",
    "bookshelf",
    "bookcase",
    "fireplace",
    "mirror",
    "rug",
    "carpet",
    "television",
    "tv",
    "clock",
    "candles",
    "candle",
    "vase",
    "flowers",
    "poster",
    "posters",
    "fridge",
    "refrigerator",
    "stove",
    "sink",
    "bathtub",
    "shelves",
    "chandelier",
    "bench",
    "jukebox",
    "cabinet",
    "dresser",
    "photos",
];
const EXTRAS: &[&str] = &[
    "crowd",
    "people",
    "pedestrians",
    "passengers",
    "patrons",
    "customers",
    "guests",
    "diners",
    "students",
    "soldiers",
    "townspeople",
    "onlookers",
    "spectators",
    "shoppers",
    "tourists",
    "dancers",
    "mourners",
    "workers",
    "villagers",
    "children",
    "kids",
    "audience",
    "congregation",
    "thugs",
    "goons",
    "henchmen",
    "guards",
    "bodyguards",
    "bikers",
    // People by what they are, in a number (`Two NURSES wheel him in`): a part
    // is one of them, who speaks.
    "nurses",
    "doctors",
    "cops",
    "policemen",
    "police officers",
    "officers",
    "waiters",
    "waitresses",
    "reporters",
    "photographers",
    "carnies",
    "clowns",
    "nuns",
    "monks",
    "priests",
    "sailors",
    "prisoners",
    "inmates",
    "patients",
    "firemen",
    "firefighters",
    "paramedics",
    "cheerleaders",
    "teenagers",
    "men in suits",
];
/// Stunts besides a fist fight ([`FIST_FIGHTS`]).
const STUNTS: &[&str] = &[
    "headbutts",
    "tackles",
    "stunt",
    "somersault",
    "wrestles",
    "shootout",
    "takedown",
    "topples over",
    "over the edge",
    "thrown into",
    "throws him",
    "throws her",
    "hurls him",
    "hurls her",
    "shoves him",
    "shoves her",
    "falls from",
    "slammed against",
    "crashes into",
    "dives for",
];

/// Words as often something else (a verb, an adjective: `he ducks`, `the phone
/// rings`, `a remote village`): an element only right after a determiner (`a duck`,
/// `her ring`, `Sandra's ring`). Entries of several words never need one.
const NEEDS_DETERMINER: &[&str] = &[
    "duck", "ring", "fish", "bear", "storm", "smoke", "hammer", "shovel", "wrench", "train",
    "sink", "painting", "wound", "sweat", "ship", "key", "torch", "chain", "crash", "echo",
    "remote", "snake", "mouse", "rat", "steam", "lighter", "bag", "camera", "cap", "dress",
    "knock", "knocking", "burning", "card", "alarm", "ford", "dodge", "chopper", "rag",
];

/// Phrases that start like an element but are something else (`a ghost town`,
/// `the alarm kicks in`, `the camera pans`): passed over whole, found as nothing.
const NOT_ELEMENTS: &[&str] = &[
    "ghost town",
    // A bottle's: `puts the cap back on the syrup`.
    "cap back on the",
    "kicks in",
    "storm of",
    "camera pans",
    "camera pulls",
    "camera pushes",
    "camera moves",
    "camera follows",
    "camera tracks",
    "camera finds",
    "camera holds",
    "camera rises",
    "camera cranes",
    "camera tilts",
    "camera booms",
    "camera drifts",
    "camera reveals",
    "camera settles",
    "camera circles",
    "camera lingers",
    "photo printer",
    "stained glass",
    "glass and steel",
    "sand box",
    "ring of",
    "train station",
    "music career",
    "light bulb goes off",
    "car park",
    "bus stop",
    "bus station",
    "bus shelter",
    "truck stop",
    "taxi rank",
];

/// Words that mark the next word as a thing: articles, demonstratives, possessives.
const DETERMINERS: &[&str] = &[
    "a", "an", "the", "his", "her", "their", "its", "my", "your", "our", "this", "that", "these",
    "those", "some", "any", "another", "each", "every",
];

/// Category lists in breakdown-sheet order; a word found in two lists takes the first.
const LISTS: [(Category, &[&str]); 13] = [
    (Category::Extras, EXTRAS),
    (Category::Stunts, FIST_FIGHTS),
    (Category::Stunts, STUNTS),
    (Category::Props, PROPS),
    (Category::Wardrobe, WARDROBE),
    (Category::MakeupHair, MAKEUP_HAIR),
    (Category::Vehicles, VEHICLES),
    (Category::Animals, ANIMALS),
    (Category::SpecialEffects, SPECIAL_EFFECTS),
    (Category::VisualEffects, VISUAL_EFFECTS),
    (Category::SoundEffectsMusic, MUSIC_WORDS),
    (Category::SoundEffectsMusic, SOUND_EFFECTS),
    (Category::SetDressing, SET_DRESSING),
];

/// What a lexicon key (lower case, words one space apart) stands for.
#[derive(Debug, Clone, Copy, Default)]
struct Entry {
    /// The category and the entry as listed, when the key is an entry itself
    /// (`baseball` is not, but starts `baseball bat`); no category for a phrase
    /// of [`NOT_ELEMENTS`].
    listed: Option<(Option<Category>, &'static str)>,
    /// Whether the entry counts only after a determiner.
    needs_determiner: bool,
    /// Words in the longest entry starting with this key's first word (1 when none
    /// is longer).
    longest: usize,
}

/// Every lexicon entry by key, and every first word of a longer entry, built once.
static INDEX: LazyLock<HashMap<&'static [u8], Entry, Fnv>> = LazyLock::new(|| {
    // Room for every entry and first word up front: growing rehashes all keys so far.
    let entries: usize = LISTS
        .iter()
        .map(|(_, entries)| entries.len())
        .sum::<usize>()
        + NOT_ELEMENTS.len();
    let mut index: HashMap<&'static [u8], Entry, Fnv> =
        HashMap::with_capacity_and_hasher(entries * 5 / 4, Fnv);
    // Reversed so that an entry in two lists keeps the first list's category.
    let lists = LISTS
        .iter()
        .map(|(category, entries)| (Some(*category), *entries));
    for (category, entries) in std::iter::once((None, NOT_ELEMENTS)).chain(lists.rev()) {
        for &entry in entries {
            let slot = index.entry(entry.as_bytes()).or_default();
            slot.listed = Some((category, entry));
            let start = match entry.split_once(' ') {
                Some((first, _)) => index.entry(first.as_bytes()).or_default(),
                None => slot,
            };
            start.longest = start.longest.max(entry.split(' ').count());
        }
    }
    for entry in NEEDS_DETERMINER {
        if let Some(slot) = index.get_mut(entry.as_bytes()) {
            slot.needs_determiner = true;
        }
    }
    index
});

/// The first three letters of every lexicon entry as a bit set, each folded to its
/// low five bits so that either case lands on the same bit (the end of a word, or a
/// space, folds to 0): most words of action (`he`, `the`, `walks`) start like no
/// entry and are turned away before anything else. A plural shares the first three
/// letters of its singular, except for a two-letter singular (`tv`, `tvs`), whose
/// plural is listed here too. (A word under two bytes fails to compile here.)
const PREFIXES: [u64; 512] = {
    let mut bits = [0u64; 512];
    let mut list = 0;
    while list < LISTS.len() {
        let entries = LISTS[list].1;
        let mut i = 0;
        while i < entries.len() {
            let entry = entries[i].as_bytes();
            let third = if entry.len() > 2 { entry[2] } else { 0 };
            let mut key = prefix_key(entry[0], entry[1], third);
            bits[key / 64] |= 1 << (key % 64);
            if entry.len() == 2 {
                key = prefix_key(entry[0], entry[1], b's');
                bits[key / 64] |= 1 << (key % 64);
            }
            i += 1;
        }
        list += 1;
    }
    bits
};

const fn prefix_key(first: u8, second: u8, third: u8) -> usize {
    ((first & 0x1f) as usize) << 10 | ((second & 0x1f) as usize) << 5 | (third & 0x1f) as usize
}

/// False when no entry starts like `word` (at least two bytes).
fn may_be_listed(word: &[u8]) -> bool {
    let key = prefix_key(word[0], word[1], word.get(2).copied().unwrap_or(0));
    PREFIXES[key / 64] & 1 << (key % 64) != 0
}

/// FNV-1a: the lexicon and the cast are looked up for every word of action, with
/// short keys where SipHash's setup dominates. The keys are the lexicon's and one
/// script's names, nothing an attacker could fill a table with.
#[derive(Default)]
pub(crate) struct Fnv;

impl BuildHasher for Fnv {
    type Hasher = FnvHasher;
    fn build_hasher(&self) -> FnvHasher {
        FnvHasher(0xcbf2_9ce4_8422_2325)
    }
}

pub(crate) struct FnvHasher(u64);

impl Hasher for FnvHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    // A byte slice's length prefix: one step, not eight.
    fn write_usize(&mut self, n: usize) {
        self.0 = (self.0 ^ n as u64).wrapping_mul(0x0100_0000_01b3);
    }
}

/// A lexicon element found among the words of a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    /// `None` for words that only look like an element (see [`NOT_ELEMENTS`]).
    pub category: Option<Category>,
    /// The entry as listed (singular, lower case), e.g. `baseball bat`.
    pub entry: &'static str,
    /// How many words it took.
    pub words: usize,
}

/// The longest lexicon entry starting at `words[at]` (any case, singular or plural),
/// in the sense the words around it give. One a simile names (`calm like a shark`,
/// `snaps like a guitar string`) is not there: it is found as nothing. One only
/// heard (`the sound of a train`, `we hear children playing`) is a sound effect.
/// Glasses poured into or counted (`two glasses`, `glasses of wine`) are glassware,
/// not spectacles; the mouse one clicks is a computer's.
pub fn lookup(words: &[&str], at: usize) -> Option<Found> {
    lookup_in_clause(words, at, 0..words.len())
}

/// [`lookup`], the sense taken from the words of `clause` only (the words between
/// two marks of punctuation: `She takes off her glasses. Pours the wine.` are
/// spectacles).
pub fn lookup_in_clause(words: &[&str], at: usize, clause: Range<usize>) -> Option<Found> {
    let found = longest_entry(words, at)?;
    let is = |word: &str, wanted: &[&str]| wanted.iter().any(|w| w.eq_ignore_ascii_case(word));
    // The words before it, without a determiner or a count.
    let before = match &words[..at] {
        [rest @ .., last] if is_determiner(last) || is_part_number(last) => rest,
        all => all,
    };
    let counted = before.len() < at && is_part_number(words[at - 1]);
    let next = words.get(at + found.words).copied().unwrap_or_default();
    let heard = match before {
        [.., noise, of] if is(of, &["of"]) && is(noise, &HEARD) => true,
        [.., we, hear] => is(we, &["we"]) && is(hear, &["hear"]),
        _ => false,
    };
    let category = match before {
        // `like a shark`, `like the wind`: a determiner was there.
        [.., like] if is(like, &["like"]) && before.len() < at => None,
        _ if heard => found.category.map(|_| Category::SoundEffectsMusic),
        _ => found.category,
    };
    // Whether one of `wanted` is among the `span` words of its clause before it
    // (and after it, with `after`).
    let near = |span: usize, after: bool, wanted: &[&str]| {
        let end = (at + found.words).min(clause.end);
        let first = at.saturating_sub(span).max(clause.start).min(at);
        let last = if after {
            (end + span).min(clause.end)
        } else {
            end
        };
        (words[first..at].iter().chain(&words[end..last])).any(|word| is(word, wanted))
    };
    let glassware =
        found.entry == "glasses" && (counted || is(next, &["of"]) || near(3, true, &TABLE));
    // A computer's words around it, or what is done with one before it.
    let clicked = found.entry == "mouse" && (near(4, true, &COMPUTER) || near(4, false, &CLICKED));
    Some(match () {
        _ if category != found.category => Found { category, ..found },
        _ if glassware => Found {
            category: Some(Category::Props),
            entry: "glass",
            ..found
        },
        _ if clicked => Found {
            category: Some(Category::Props),
            entry: "computer mouse",
            ..found
        },
        _ => found,
    })
}

/// Nouns of hearing: what follows them and `of` is a sound, not a thing there.
const HEARD: [&str; 10] = [
    "sound", "sounds", "noise", "noises", "roar", "rumble", "whine", "drone", "tone", "tones",
];

/// Words around glassware, not spectacles: `clink glasses`, `fills their glasses`,
/// `the plates and glasses`.
const TABLE: [&str; 26] = [
    "pour",
    "pours",
    "poured",
    "fill",
    "fills",
    "filled",
    "refills",
    "clink",
    "clinks",
    "clinked",
    "raise",
    "raises",
    "raised",
    "toast",
    "toasts",
    "plates",
    "dishes",
    "cups",
    "bottle",
    "bottles",
    "wine",
    "champagne",
    "drinks",
    "tray",
    "empty",
    "empties",
];

/// Words around a computer's mouse: `the mouse and display`, `a keyboard and mouse`.
const COMPUTER: [&str; 7] = [
    "computer", "display", "monitor", "keyboard", "laptop", "cursor", "pad",
];

/// What is done with a computer's mouse: `clicks the mouse`, `works the mouse`.
const CLICKED: [&str; 6] = [
    "click",
    "clicks",
    "clicking",
    "double-clicks",
    "scrolls",
    "works",
];

fn longest_entry(words: &[&str], at: usize) -> Option<Found> {
    let first = words.get(at)?.as_bytes();
    if !(2..=MAX_KEY).contains(&first.len()) || !may_be_listed(first) {
        return None;
    }
    let mut key = Key::default();
    key.push(first)?;
    let start = singular_or_plural(key.bytes())?;
    for n in (2..=start.longest.min(words.len() - at)).rev() {
        let mut key = key.clone();
        if words[at + 1..at + n]
            .iter()
            .all(|w| key.push(w.as_bytes()).is_some())
        {
            if let Some((category, entry)) = singular_or_plural(key.bytes()).and_then(|e| e.listed)
            {
                return Some(Found {
                    category,
                    entry,
                    words: n,
                });
            }
        }
    }
    let (category, entry) = start.listed?;
    let determined = at
        .checked_sub(1)
        .is_some_and(|before| is_determiner(words[before]));
    // A sound the writer puts in capitals is heard (`ALARMS BLARE`); a camera in
    // capitals is a direction (`TOWARDS CAMERA`).
    let a_sound_in_capitals = category == Some(Category::SoundEffectsMusic)
        && first.iter().all(|b| !b.is_ascii_lowercase());
    (!start.needs_determiner || determined || a_sound_in_capitals).then_some(Found {
        category,
        entry,
        words: 1,
    })
}

/// The longest key looked up: every entry is short ASCII.
const MAX_KEY: usize = 32;

/// A lower-case lookup key on the stack: words joined by single spaces.
#[derive(Clone, Default)]
struct Key {
    buffer: [u8; MAX_KEY],
    len: usize,
}

impl Key {
    /// Appends a word, lower-cased; `None` when the key would be too long.
    fn push(&mut self, word: &[u8]) -> Option<()> {
        let space = usize::from(self.len > 0);
        let end = self.len + space + word.len();
        if end > MAX_KEY {
            return None;
        }
        if space == 1 {
            self.buffer[self.len] = b' ';
        }
        let lower = &mut self.buffer[self.len + space..end];
        lower.copy_from_slice(word);
        lower.make_ascii_lowercase();
        self.len = end;
        Some(())
    }

    fn bytes(&self) -> &[u8] {
        &self.buffer[..self.len]
    }
}

/// The entry for `key`, or for its singular (`horses`, `boxes`).
fn singular_or_plural(key: &[u8]) -> Option<&'static Entry> {
    INDEX.get(key).or_else(|| {
        let without_s = key.strip_suffix(b"s")?;
        INDEX
            .get(without_s)
            .or_else(|| INDEX.get(key.strip_suffix(b"es")?))
    })
}

pub(crate) fn is_determiner(word: &str) -> bool {
    let possessive = ["'s", "'S", "’s", "’S"].iter().any(|s| word.ends_with(s));
    possessive || DETERMINERS.iter().any(|d| d.eq_ignore_ascii_case(word))
}

/// Names of one thing a writer uses in turn: a breakdown sheet lists it once
/// (one bicycle, not a bicycle and a bike), under the name it was first given.
const ONE_THING: [&[&str]; 6] = [
    &["bicycle", "bike"],
    &["helicopter", "chopper"],
    &["children", "kids"],
    &["truck", "pickup truck"],
    &["phone", "telephone", "cellphone"],
    &[
        "knife or fork",
        "knife and fork",
        "knives and forks",
        "cutlery",
        "silverware",
    ],
];

/// Keeps one name of each thing in a scene's `list` of elements, the first given
/// (see [`ONE_THING`]: `bike` after `bicycle` goes).
pub fn one_name_each(list: &mut Vec<String>) {
    if list.len() < 2 {
        return;
    }
    let group_of = |element: &str| {
        (ONE_THING.iter()).position(|names| names.iter().any(|name| same_element(name, element)))
    };
    let mut seen = Vec::new();
    list.retain(|element| match group_of(element) {
        Some(group) if seen.contains(&group) => false,
        Some(group) => {
            seen.push(group);
            true
        }
        None => true,
    });
}

/// Whether two elements are one on a breakdown sheet: the same words in any case,
/// or one the plural of the other (`key` and `keys`, `glass` and `glasses`).
pub fn same_element(one: &str, other: &str) -> bool {
    let plural_of = |plural: &str, single: &str| {
        let (plural, single) = (plural.as_bytes(), single.as_bytes());
        let lower = single.to_ascii_lowercase();
        // `-es` after a hiss (`glasses`, `boxes`, `torches`), `-s` after anything.
        let hisses = [&b"s"[..], b"x", b"z", b"ch", b"sh"]
            .iter()
            .any(|end| lower.ends_with(end));
        let ending: &[u8] = if hisses { b"es" } else { b"s" };
        plural.len() == single.len() + ending.len()
            && plural[..single.len()].eq_ignore_ascii_case(single)
            && plural[single.len()..].eq_ignore_ascii_case(ending)
    };
    one.eq_ignore_ascii_case(other) || plural_of(one, other) || plural_of(other, one)
}

/// The category a note key names: `prop`, `props`, `sfx`, `wardrobe`, `set dressing`, ...
pub fn note_category(key: &str) -> Option<Category> {
    let key = key.trim().to_lowercase();
    let key = key.trim_end_matches('s');
    Some(match key {
        "cast" | "character" | "actor" => Category::Cast,
        "extra" | "background" | "bg" => Category::Extras,
        "stunt" => Category::Stunts,
        "prop" => Category::Props,
        "wardrobe" | "costume" => Category::Wardrobe,
        "makeup" | "hair" | "makeup/hair" | "makeup & hair" | "mua" => Category::MakeupHair,
        "vehicle" | "picture car" => Category::Vehicles,
        "animal" => Category::Animals,
        "sfx" | "special effect" | "fx" => Category::SpecialEffects,
        "vfx" | "visual effect" => Category::VisualEffects,
        "sound" | "music" | "sound effect" | "sound effects/music" => Category::SoundEffectsMusic,
        "set" | "set dressing" | "dressing" => Category::SetDressing,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_element_and_its_plural_are_one() {
        assert!(same_element("key", "KEYS") && same_element("glasses", "glass"));
        assert!(!same_element("key", "keyes") && !same_element("car", "cars park"));
        assert!(same_element("Bus", "buses") && !same_element("bus", "buss"));
        // Two names of one thing in a scene: the first given stays.
        let mut list: Vec<String> = ["bicycle", "rope", "bikes", "chopper", "helicopter"]
            .map(String::from)
            .into();
        one_name_each(&mut list);
        assert_eq!(list, ["bicycle", "rope", "chopper"]);
    }

    /// The entries found in `text`, as the breakdown walks its words.
    fn found(text: &str) -> Vec<(Category, &'static str)> {
        let words: Vec<&str> = text.split_whitespace().collect();
        let mut out = Vec::new();
        let mut at = 0;
        while at < words.len() {
            match lookup(&words, at) {
                Some(f) => {
                    out.extend(f.category.map(|category| (category, f.entry)));
                    at += f.words;
                }
                None => at += 1,
            }
        }
        out
    }

    #[test]
    fn words_and_plurals() {
        assert_eq!(found("revolver"), [(Category::Props, "revolver")]);
        assert_eq!(found("horses"), [(Category::Animals, "horse")]);
        assert_eq!(found("the boxes"), [(Category::Props, "box")]);
        assert_eq!(found("crowd"), [(Category::Extras, "crowd")]);
        assert_eq!(found("three THUGS"), [(Category::Extras, "thugs")]);
        assert_eq!(
            found("a blur of fists"),
            [(Category::Stunts, "blur of fists")]
        );
        assert_eq!(found("they scuffle"), [(Category::Stunts, "scuffle")]);
        assert_eq!(found("the"), []);
    }

    #[test]
    fn longest_entry_wins() {
        assert_eq!(found("a BASEBALL BAT"), [(Category::Props, "baseball bat")]);
        assert_eq!(
            found("two baseball bats"),
            [(Category::Props, "baseball bat")]
        );
        assert_eq!(
            found("the neon sign buzzes"),
            [
                (Category::SetDressing, "neon sign"),
                (Category::SoundEffectsMusic, "buzz")
            ]
        );
        assert_eq!(
            found("the WATER TOWER"),
            [(Category::SetDressing, "water tower")]
        );
        assert_eq!(found("water runs"), []);
        assert_eq!(
            found("a monkey wrench"),
            [(Category::Props, "monkey wrench")]
        );
        assert_eq!(
            found("a pipe and a chair"),
            [(Category::Props, "pipe"), (Category::SetDressing, "chair")]
        );
        // A table's knife, not a weapon's.
        assert_eq!(
            found("each clink of a knife or fork"),
            [(Category::Props, "knife or fork")]
        );
    }

    #[test]
    fn verbs_need_a_determiner() {
        assert_eq!(found("He ducks under the branch"), []);
        assert_eq!(found("A duck waddles past"), [(Category::Animals, "duck")]);
        assert_eq!(found("The phone rings"), [(Category::Props, "phone")]);
        assert_eq!(found("Sandra's ring"), [(Category::Props, "ring")]);
        assert_eq!(found("She wrenches it free"), []);
        assert_eq!(found("the wrench"), [(Category::Props, "wrench")]);
    }

    #[test]
    fn words_that_only_look_like_elements_are_passed_over() {
        for phrase in NOT_ELEMENTS {
            assert_eq!(found(&format!("a {phrase}")), [], "{phrase}");
        }
        assert_eq!(found("isn't a ghost town"), []);
        assert_eq!(
            found("the alarm kicks in"),
            [(Category::SoundEffectsMusic, "alarm")]
        );
        assert_eq!(found("Mike steams"), []);
        assert_eq!(found("the line snakes past"), []);
        assert_eq!(found("he's gotten even lighter"), []);
        assert_eq!(found("WALKS TOWARDS CAMERA"), []);
        assert_eq!(found("a giant cannon"), []);
        assert_eq!(
            found("the LASER PRINTER"),
            [(Category::Props, "laser printer")]
        );
        assert_eq!(
            found("she has chicken pox"),
            [(Category::MakeupHair, "chicken pox")]
        );
        assert_eq!(found("his camera"), [(Category::Props, "camera")]);
        assert_eq!(found("calm like a shark"), []);
        assert_eq!(found("he runs like the wind"), []);
        assert_eq!(found("a woman like her mother"), []);
        assert_eq!(
            found("the distant sound of a train"),
            [(Category::SoundEffectsMusic, "train")]
        );
        assert_eq!(found("I like cats"), [(Category::Animals, "cat")]);
        assert_eq!(found("the noise of a ghost town"), []);
        assert_eq!(found("show signs of alarm"), []);
        assert_eq!(found("she backs away in alarm"), []);
        assert_eq!(
            found("ALARMS BLARE"),
            [(Category::SoundEffectsMusic, "alarm")]
        );
        assert_eq!(found("snapping it like a guitar string"), []);
        assert_eq!(found("a photo printer"), []);
        assert_eq!(
            found("the tone of the ring"),
            [(Category::SoundEffectsMusic, "ring")]
        );
        assert_eq!(found("a bottle cap"), [(Category::Props, "bottle cap")]);
        assert_eq!(found("a ring of keys"), [(Category::Props, "keys")]);
        assert_eq!(found("a train station"), []);
        assert_eq!(found("Index Card View"), []);
        assert_eq!(
            found("Screams and more screams"),
            [(Category::SoundEffectsMusic, "scream"); 2]
        );
    }

    #[test]
    fn the_words_around_an_entry_give_its_sense() {
        assert_eq!(
            found("We hear children playing"),
            [(Category::SoundEffectsMusic, "children")]
        );
        assert_eq!(
            found("we hear two dogs bark"),
            [(Category::SoundEffectsMusic, "dog")]
        );
        assert_eq!(found("children play"), [(Category::Extras, "children")]);
        assert_eq!(
            found("pours wine into two glasses"),
            found("the wine and a glass")
        );
        assert_eq!(found("they clink glasses"), [(Category::Props, "glass")]);
        assert_eq!(found("three glasses of milk"), [(Category::Props, "glass")]);
        assert_eq!(
            found("takes off her glasses"),
            [(Category::Wardrobe, "glasses")]
        );
        assert_eq!(
            found("He works the mouse"),
            [(Category::Props, "computer mouse")]
        );
        assert_eq!(
            found("The mouse works its way out"),
            [(Category::Animals, "mouse")]
        );
        assert_eq!(
            found("a mouse darts behind the screen"),
            [(Category::Animals, "mouse")]
        );
        assert_eq!(
            found("back to the mouse and display"),
            [(Category::Props, "computer mouse")]
        );
        assert_eq!(
            found("the plates and glasses"),
            [(Category::Props, "plate"), (Category::Props, "glass")]
        );
        assert_eq!(
            found("a mouse scurries past"),
            [(Category::Animals, "mouse")]
        );
    }

    #[test]
    fn what_a_shoot_must_not_miss() {
        assert_eq!(
            found("a burning house"),
            [(Category::SpecialEffects, "burning")]
        );
        assert_eq!(
            found("machine gun fire"),
            [(Category::SpecialEffects, "machine gun fire")]
        );
        assert_eq!(
            found("He opens fire"),
            [(Category::SpecialEffects, "opens fire")]
        );
        assert_eq!(
            found("Fires twice and pulls the trigger"),
            [
                (Category::SpecialEffects, "fires twice"),
                (Category::SpecialEffects, "pulls the trigger")
            ]
        );
        assert_eq!(
            found("Fireworks"),
            [(Category::SpecialEffects, "fireworks")]
        );
        assert_eq!(found("two fires burn"), []);
        assert_eq!(found("Two fat ewes"), [(Category::Animals, "ewe")]);
        assert_eq!(found("a red Porsche"), [(Category::Vehicles, "porsche")]);
        assert_eq!(found("a Land Rover"), [(Category::Vehicles, "land rover")]);
        assert_eq!(
            found("a '77 Toyota Landcruiser"),
            [(Category::Vehicles, "toyota landcruiser")]
        );
        assert_eq!(
            found("the chopper hangs there"),
            [(Category::Vehicles, "chopper")]
        );
        assert_eq!(
            found("Windows shatter"),
            [(Category::SpecialEffects, "shatter")]
        );
        assert_eq!(
            found("grabs a heavy crowbar"),
            [(Category::Props, "crowbar")]
        );
        assert_eq!(
            found("cars GO OVER THE EDGE"),
            [
                (Category::Vehicles, "car"),
                (Category::Stunts, "over the edge")
            ]
        );
    }

    #[test]
    fn every_entry_is_found_as_listed() {
        for (category, entries) in LISTS {
            for &entry in entries {
                // A word in two lists takes the first list's category.
                let first_list = LISTS.iter().find(|(_, e)| e.contains(&entry));
                let category = first_list.map_or(category, |(c, _)| *c);
                assert_eq!(
                    found(&format!("the {entry}")),
                    [(category, entry)],
                    "{entry}"
                );
            }
        }
    }

    #[test]
    fn note_keys() {
        assert_eq!(note_category("Props"), Some(Category::Props));
        assert_eq!(note_category("SFX"), Some(Category::SpecialEffects));
        assert_eq!(note_category("storyline"), None);
    }
}
