//! The breakdown lexicon: everyday words a breakdown sheet files under a category,
//! and the note keys (`[[prop: chain]]`) writers use to tag elements by hand.
//!
//! Deliberately small and unambiguous: a word that is usually something else
//! ("fire" as in firing a gun, "set" as a verb) stays out, because a false entry
//! on a breakdown sheet costs a production more than a missing one.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};
use std::sync::LazyLock;

use oneshot_model::Category;

const PROPS: &[&str] = &[
    "gun",
    "pistol",
    "revolver",
    "rifle",
    "shotgun",
    "knife",
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
    "fishing",
    "rod",
    "bucket",
    "basket",
    "box",
    "radio",
    "remote",
    "syringe",
    "pills",
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
];
const VEHICLES: &[&str] = &[
    "car",
    "truck",
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
];
const ANIMALS: &[&str] = &[
    "dog", "puppy", "cat", "kitten", "horse", "pony", "cow", "pig", "chicken", "bird", "crow",
    "owl", "fish", "catfish", "snake", "rat", "mouse", "wolf", "bear", "deer", "elephant",
    "monkey", "goat", "sheep", "duck", "goose", "spider", "bee", "lion", "tiger", "fox",
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
];
const VISUAL_EFFECTS: &[&str] = &[
    "hologram",
    "ghost",
    "monster",
    "giant",
    "dragon",
    "spaceship",
    "laser",
    "portal",
    "teleports",
    "vanishes",
    "levitates",
    "transforms",
    "superimposed",
    "witch",
];
const SOUND_MUSIC: &[&str] = &[
    "music",
    "song",
    "sings",
    "singing",
    "jukebox",
    "band",
    "orchestra",
    "piano",
    "guitar",
    "gunshot",
    "gunshots",
    "thunder",
    "siren",
    "sirens",
    "alarm",
    "doorbell",
    "ringing",
    "bang",
    "boom",
    "crash",
    "thud",
    "slam",
    "knock",
    "knocking",
    "scream",
    "screams",
    "whistle",
    "honk",
    "buzz",
    "beep",
    "click",
    "echo",
    "applause",
    "laughter",
];
const SET_DRESSING: &[&str] = &[
    "couch",
    "sofa",
    "armchair",
    "table",
    "desk",
    "bed",
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
];
const STUNTS: &[&str] = &[
    "fight",
    "fights",
    "brawl",
    "punches",
    "tackles",
    "stunt",
    "somersault",
    "wrestles",
];

/// Category lists in breakdown-sheet order; a word found in two lists takes the first.
const LISTS: [(Category, &[&str]); 11] = [
    (Category::Extras, EXTRAS),
    (Category::Stunts, STUNTS),
    (Category::Props, PROPS),
    (Category::Wardrobe, WARDROBE),
    (Category::MakeupHair, MAKEUP_HAIR),
    (Category::Vehicles, VEHICLES),
    (Category::Animals, ANIMALS),
    (Category::SpecialEffects, SPECIAL_EFFECTS),
    (Category::VisualEffects, VISUAL_EFFECTS),
    (Category::SoundEffectsMusic, SOUND_MUSIC),
    (Category::SetDressing, SET_DRESSING),
];

/// Every lexicon word (as bytes, the way lookups come) and its category, built once.
static INDEX: LazyLock<HashMap<&'static [u8], (Category, &'static str), Fnv>> =
    LazyLock::new(|| {
        let mut index = HashMap::default();
        // Reversed so that a word in two lists keeps the first list's category.
        for (category, words) in LISTS.iter().rev() {
            for &word in *words {
                index.insert(word.as_bytes(), (*category, word));
            }
        }
        index
    });

/// The first two letters of every lexicon word as a bit set (a row per first
/// letter, a bit per second), each letter folded to its low five bits so that
/// either case lands on the same bit: most words of action (`the`, `he`, `walks`)
/// start like no lexicon word and are turned away before anything else. A singular
/// shares the first two letters of its plural. (A word under two bytes fails to
/// compile here, which is the point: every lookup reads two.)
const PREFIXES: [u32; 32] = {
    let mut rows = [0u32; 32];
    let mut list = 0;
    while list < LISTS.len() {
        let words = LISTS[list].1;
        let mut i = 0;
        while i < words.len() {
            let word = words[i].as_bytes();
            rows[(word[0] & 0x1f) as usize] |= 1 << (word[1] & 0x1f);
            i += 1;
        }
        list += 1;
    }
    rows
};

fn may_be_listed(word: &[u8]) -> bool {
    PREFIXES[usize::from(word[0] & 0x1f)] & 1 << (word[1] & 0x1f) != 0
}

/// FNV-1a: the lexicon is looked up for every word of action, with short keys
/// where SipHash's setup dominates; no untrusted keys are ever inserted.
#[derive(Default)]
struct Fnv;

impl BuildHasher for Fnv {
    type Hasher = FnvHasher;
    fn build_hasher(&self) -> FnvHasher {
        FnvHasher(0xcbf2_9ce4_8422_2325)
    }
}

struct FnvHasher(u64);

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

/// The category of a word (any case), trying its singular too, and the form found.
pub fn lookup(word: &str) -> Option<(Category, &'static str)> {
    // Every lexicon word is short ASCII: lower-case on the stack, no allocation.
    let mut buffer = [0u8; 16];
    let bytes = word.as_bytes();
    if !(2..=buffer.len()).contains(&bytes.len()) || !may_be_listed(bytes) {
        return None;
    }
    let lower = &mut buffer[..bytes.len()];
    lower.copy_from_slice(bytes);
    lower.make_ascii_lowercase();
    let singular = || {
        let without_s = lower.strip_suffix(b"s")?;
        INDEX
            .get(without_s)
            .or_else(|| INDEX.get(lower.strip_suffix(b"es")?))
    };
    INDEX.get(&*lower).or_else(singular).copied()
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
    fn words_and_plurals() {
        assert_eq!(lookup("revolver"), Some((Category::Props, "revolver")));
        assert_eq!(lookup("horses"), Some((Category::Animals, "horse")));
        assert_eq!(lookup("boxes"), Some((Category::Props, "box")));
        assert_eq!(lookup("crowd"), Some((Category::Extras, "crowd")));
        assert_eq!(lookup("the"), None);
    }

    #[test]
    fn note_keys() {
        assert_eq!(note_category("Props"), Some(Category::Props));
        assert_eq!(note_category("SFX"), Some(Category::SpecialEffects));
        assert_eq!(note_category("storyline"), None);
    }
}
