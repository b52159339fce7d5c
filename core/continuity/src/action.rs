//! Whom the action says something of: the name nearest a word in its sentence,
//! everyone of a list it is said of (`Ray, Dex and Nina walk home, bloodied`),
//! or the one character a sentence opening with `he` or `her` stands for (`Dex
//! falls. His lip is bloody.`). After a sentence naming two, or naming nobody,
//! `he` could be anyone, and nobody is given it. Injuries, the state of a
//! costume and the breakdown's wardrobe and makeup elements are all given so.

use oneshot_model::script::{name_at, sentence_words};

/// The words that stand for a character already named.
const PRONOUNS: &[&str] = &[
    "he", "him", "his", "himself", "she", "her", "hers", "herself",
];
/// What `action` says of the character called `names` (among the scene's
/// `cast`): each thing `find` finds in a sentence's words (where it is, and what
/// it is) goes to the cast name nearest it in its sentence (to every name of a
/// list it is in, see [`listed_with`]), or in a sentence naming nobody and
/// opening with a pronoun, to the one character the paragraph's sentence before
/// stood for.
pub(crate) fn given_to(
    action: &[String],
    names: &[String],
    cast: &[&str],
    find: impl Fn(&[String]) -> Vec<(usize, String)>,
) -> Vec<String> {
    let mut found = Vec::new();
    for paragraph in action {
        // Who an opening `he` or `her` is: the one character the sentence before
        // named, or stood for with its own opening pronoun.
        let mut antecedent: Option<&str> = None;
        for words in sentence_words(paragraph) {
            let named = names_in(&words, cast);
            let opens_with_pronoun = words
                .first()
                .is_some_and(|w| PRONOUNS.contains(&w.as_str()));
            let standing_for = antecedent.filter(|_| opens_with_pronoun && named.is_empty());
            for (at, what) in find(&words) {
                // The nearest name, and every name listed with it (`Ray, Dex and Nina`).
                let nearest =
                    (0..named.len()).min_by_key(|&i| (named[i].at.abs_diff(at), named[i].at > at));
                let injured: Vec<&str> = match nearest {
                    Some(i) => listed_with(&named, i, &words),
                    None => standing_for.into_iter().collect(),
                };
                let mine = injured
                    .iter()
                    .any(|name| names.iter().any(|n| n.eq_ignore_ascii_case(name)));
                if mine && !found.contains(&what) {
                    found.push(what);
                }
            }
            let mut people: Vec<String> = named
                .iter()
                .map(|named| named.name.to_uppercase())
                .collect();
            people.sort_unstable();
            people.dedup();
            antecedent = match (people.len(), named.first()) {
                (0, _) => standing_for,
                (1, Some(named)) => Some(named.name),
                _ => None,
            };
        }
    }
    found
}

/// A cast name found in a sentence's words.
struct Named<'c> {
    /// The word it starts at, and how many words it is.
    at: usize,
    length: usize,
    name: &'c str,
}

/// Words that join the last two names of a list: `Ray, Dex and Nina` (commas are
/// not words).
const LIST_JOINS: [&str; 2] = ["and", "or"];

/// The name `named[index]` and the names listed with it: names next to each other
/// (a comma between them) ending in two joined by `and` (`Ray, Dex and Nina`). An
/// injury said of a list is everyone's in it; names only side by side
/// (`shoves Dex, Nina falls`) are no list.
fn listed_with<'c>(named: &[Named<'c>], index: usize, words: &[String]) -> Vec<&'c str> {
    let mut order: Vec<usize> = (0..named.len()).collect();
    order.sort_by_key(|&i| named[i].at);
    // The words between two names of `order`: none, or a joining word.
    let between = |a: usize, b: usize| {
        let (a, b) = (&named[order[a]], &named[order[b]]);
        words.get(a.at + a.length..b.at).unwrap_or_default()
    };
    let joined = |a: usize, b: usize| {
        let between = between(a, b);
        between.len() <= 1 && between.iter().all(|w| LIST_JOINS.contains(&w.as_str()))
    };
    let place = order.iter().position(|&i| i == index).unwrap_or_default();
    let mut first = place;
    while first > 0 && joined(first - 1, first) {
        first -= 1;
    }
    let mut last = place;
    while last + 1 < order.len() && joined(last, last + 1) {
        last += 1;
    }
    if first == last || between(last - 1, last).is_empty() {
        return vec![named[index].name];
    }
    order[first..=last].iter().map(|&i| named[i].name).collect()
}

/// The cast names in `words` with where each starts; a name inside a longer one
/// (`EDWARD` in `YOUNG EDWARD`) is the longer one's.
fn names_in<'c>(words: &[String], cast: &[&'c str]) -> Vec<Named<'c>> {
    let found: Vec<(usize, usize, &str)> = cast
        .iter()
        .flat_map(|name| {
            let length: usize = sentence_words(name).iter().map(Vec::len).sum();
            name_at(words, name)
                .into_iter()
                .map(move |at| (at, length, *name))
        })
        .collect();
    found
        .iter()
        .filter(|(at, length, _)| {
            !found.iter().any(|(other_at, other_length, _)| {
                other_length > length && other_at <= at && at + length <= other_at + other_length
            })
        })
        .map(|&(at, length, name)| Named { at, length, name })
        .collect()
}

/// Where the words of `phrase` (`cowboy hat`) start in `words`, each read as
/// [`sentence_words`] reads them, its last word singular or plural (`hats`).
pub(crate) fn phrase_at(words: &[String], phrase: &str) -> Vec<usize> {
    let phrase: Vec<String> = sentence_words(phrase).concat();
    let Some((last, first)) = phrase.split_last() else {
        return Vec::new();
    };
    let same = |word: &str| {
        word == last
            || word.strip_suffix('s') == Some(last.as_str())
            || last.strip_suffix('s') == Some(word)
    };
    (0..words.len().saturating_sub(first.len()))
        .filter(|&i| words[i..].starts_with(first) && same(&words[i + first.len()]))
        .collect()
}
