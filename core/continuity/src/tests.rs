//! Unit tests on small hand-built scripts and productions.

use std::collections::BTreeMap;

use oneshot_model::{
    Category, Character, Condition, Costume, MakeupLook, ProductionConfig, Scene, Script,
};

use crate::{Continuity, Department, WarningKind, continuity, render};

/// Scene `number` on story day `day` with `speaking` in it.
fn scene(number: u32, day: u32, speaking: &[&str]) -> Scene {
    Scene {
        number,
        heading: format!("INT. ROOM {number} - DAY"),
        story_day: day,
        speaking: speaking.iter().map(|s| s.to_string()).collect(),
        ..Scene::default()
    }
}

fn script(scenes: Vec<Scene>) -> Script {
    Script {
        title: "Test".into(),
        scenes,
        ..Script::default()
    }
}

fn costume(name: &str, scenes: [u32; 2], condition: Condition) -> Costume {
    Costume {
        name: name.into(),
        scenes,
        pieces: vec![format!("{name} top")],
        colors: vec!["#112233".into()],
        condition,
    }
}

fn look(name: &str, scenes: [u32; 2]) -> MakeupLook {
    MakeupLook {
        name: name.into(),
        scenes,
        hair: Some("slicked back".into()),
        notes: vec!["cut above the eye".into()],
        minutes: None,
    }
}

fn dressed(name: &str, costumes: Vec<Costume>, makeup: Vec<MakeupLook>) -> Character {
    Character {
        costumes,
        makeup,
        ..Character::named(name)
    }
}

fn production(characters: Vec<Character>) -> ProductionConfig {
    ProductionConfig {
        characters,
        ..ProductionConfig::untitled("Test")
    }
}

/// The character called `name` in the bible.
fn character<'c>(bible: &'c Continuity, name: &str) -> &'c crate::CharacterContinuity {
    bible.characters.iter().find(|c| c.name == name).unwrap()
}

/// The warnings as (kind, scenes), in order.
fn warnings(c: &Continuity) -> Vec<(WarningKind, Vec<u32>)> {
    c.warnings
        .iter()
        .map(|w| (w.kind, w.scenes.clone()))
        .collect()
}

#[test]
fn change_flags_and_the_change_plot_follow_costumes_and_looks() {
    let s = script(vec![
        scene(1, 1, &["RAY"]),
        scene(2, 1, &["RAY"]),
        scene(3, 2, &["RAY"]),
        scene(4, 2, &["RAY"]),
    ]);
    let p = production(vec![dressed(
        "RAY",
        vec![
            costume("overalls", [1, 2], Condition::Worn),
            costume("tank", [3, 4], Condition::Damaged),
        ],
        vec![look("bruised", [4, 4])],
    )]);
    let c = continuity(&s, &p);
    let ray = &c.characters[0];
    let flags: Vec<bool> = ray.appearances.iter().map(|a| a.change).collect();
    assert_eq!(flags, [false, false, true, true]);
    assert_eq!(ray.changes.len(), 2);
    assert_eq!(ray.changes[0].scene, 3);
    assert_eq!(ray.changes[0].department, Department::Wardrobe);
    assert_eq!(ray.changes[0].from.as_deref(), Some("overalls (worn)"));
    assert_eq!(ray.changes[0].to.as_deref(), Some("tank (damaged)"));
    assert_eq!(ray.changes[1].scene, 4);
    assert_eq!(ray.changes[1].department, Department::MakeupHair);
    assert_eq!(ray.changes[1].from, None);
    assert_eq!(ray.changes[1].to.as_deref(), Some("bruised"));
    assert_eq!(c.change_count(), 2);
    // The change from day 1 to day 2 is overnight; the bruise between 3 and 4 is not.
    assert_eq!(warnings(&c), [(WarningKind::SameDayChange, vec![3, 4])]);
    assert!(
        c.warnings[0].message.contains("RAY"),
        "{}",
        c.warnings[0].message
    );
    assert!(c.undressed.is_empty());
}

#[test]
fn a_scene_without_a_costume_is_a_gap() {
    let s = script(vec![
        scene(1, 1, &["RAY"]),
        scene(2, 2, &["RAY"]),
        scene(3, 3, &["RAY"]),
    ]);
    let p = production(vec![dressed(
        "RAY",
        vec![
            costume("a", [1, 1], Condition::Pristine),
            costume("b", [3, 3], Condition::Pristine),
        ],
        vec![],
    )]);
    let c = continuity(&s, &p);
    assert_eq!(warnings(&c), [(WarningKind::Gap, vec![2])]);
    assert!(c.warnings[0].message.contains("scene 2"));
    assert!(c.characters[0].appearances[1].costume.is_none());
}

#[test]
fn overlapping_costumes_and_looks_are_reported_and_the_first_is_used() {
    let s = script((1..=4).map(|n| scene(n, n, &["RAY"])).collect());
    let p = production(vec![dressed(
        "RAY",
        vec![
            costume("first", [1, 3], Condition::Worn),
            costume("second", [2, 4], Condition::Worn),
        ],
        vec![look("tired", [1, 2]), look("fresh", [2, 2])],
    )]);
    let c = continuity(&s, &p);
    assert_eq!(
        warnings(&c),
        [
            (WarningKind::Overlap, vec![2, 3]),
            (WarningKind::Overlap, vec![2]),
        ]
    );
    assert!(
        c.warnings[0].message.contains("scene 2-3"),
        "{}",
        c.warnings[0].message
    );
    let scene_2 = &c.characters[0].appearances[1];
    assert_eq!(scene_2.costume.as_ref().unwrap().name, "first");
    assert_eq!(scene_2.makeup.as_ref().unwrap().name, "tired");
}

#[test]
fn same_day_changes_need_a_scene_in_between() {
    let p = production(vec![dressed(
        "RAY",
        vec![
            costume("suit", [1, 1], Condition::Pristine),
            costume("pyjamas", [2, 3], Condition::Pristine),
        ],
        vec![],
    )]);
    // Scene 1 straight into scene 2 on the same day: when did he change?
    let back_to_back = script(vec![
        scene(1, 1, &["RAY"]),
        scene(2, 1, &["RAY"]),
        scene(3, 1, &["NINA"]),
    ]);
    let c = continuity(&back_to_back, &p);
    assert_eq!(warnings(&c), [(WarningKind::SameDayChange, vec![1, 2])]);
    assert!(c.warnings[0].message.starts_with("check: RAY"));
    // With a scene without him in between, he had the time.
    let with_a_break = script(vec![
        scene(1, 1, &["RAY"]),
        scene(2, 1, &["NINA"]),
        scene(3, 1, &["RAY"]),
    ]);
    let c = continuity(&with_a_break, &p);
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
}

#[test]
fn a_costume_does_not_get_cleaner_within_a_story_day() {
    let p = production(vec![dressed(
        "DEX",
        vec![
            costume("jacket", [1, 1], Condition::Damaged),
            costume("jacket", [2, 2], Condition::Damaged),
            costume("JACKET", [3, 3], Condition::Pristine),
        ],
        vec![],
    )]);
    let same_day = script(vec![
        scene(1, 1, &["DEX"]),
        scene(2, 1, &["NINA"]),
        scene(3, 1, &["DEX"]),
    ]);
    let c = continuity(&same_day, &p);
    assert_eq!(warnings(&c), [(WarningKind::ConditionBack, vec![1, 3])]);
    assert!(
        c.warnings[0].message.contains("damaged"),
        "{}",
        c.warnings[0].message
    );
    // Overnight, the jacket can be mended.
    let next_day = script(vec![
        scene(1, 1, &["DEX"]),
        scene(2, 1, &["NINA"]),
        scene(3, 2, &["DEX"]),
    ]);
    assert!(continuity(&next_day, &p).warnings.is_empty());
}

#[test]
fn ranges_naming_missing_scenes_are_reported() {
    let s = script((1..=3).map(|n| scene(n, 1, &["RAY"])).collect());
    let p = production(vec![dressed(
        "RAY",
        vec![
            costume("all", [1, 9], Condition::Worn),
            costume("backwards", [3, 2], Condition::Worn),
        ],
        vec![look("ghost", [0, 0])],
    )]);
    let c = continuity(&s, &p);
    assert_eq!(
        warnings(&c),
        [
            (WarningKind::OutOfRange, vec![9]),
            (WarningKind::OutOfRange, vec![3, 2]),
            (WarningKind::OutOfRange, vec![0]),
        ]
    );
    assert!(
        c.warnings[0].message.contains("it has scenes 1-3"),
        "{}",
        c.warnings[0].message
    );
    assert!(c.warnings[1].message.contains("backwards"));
    assert!(c.warnings[2].message.contains("look `ghost`"));
}

#[test]
fn aliases_join_their_character_and_production_characters_come_first() {
    let mut s = script(vec![
        scene(1, 1, &["SAL"]),
        scene(2, 1, &["RAY"]),
        scene(3, 1, &[]),
        scene(4, 1, &[]),
    ]);
    s.scenes[2].mentioned = vec!["RAY KANE".into()];
    s.scenes[3].elements = BTreeMap::from([(Category::Cast, vec!["ray".into(), "SAL".into()])]);
    let p = production(vec![Character {
        aliases: vec!["Ray Kane".into()],
        ..dressed(
            "RAY",
            vec![costume("overalls", [1, 4], Condition::Worn)],
            vec![],
        )
    }]);
    let c = continuity(&s, &p);
    let names: Vec<&str> = c.characters.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["RAY", "SAL"]);
    let ray = &c.characters[0];
    assert_eq!(ray.script_names, ["RAY", "RAY KANE", "ray"]);
    let scenes: Vec<u32> = ray.appearances.iter().map(|a| a.scene).collect();
    assert_eq!(scenes, [2, 3, 4]);
    assert!(ray.appearances.iter().all(|a| !a.change));
    // SAL has no costumes: listed once as undressed, and no warnings about him.
    assert_eq!(c.undressed, ["SAL"]);
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
}

#[test]
fn a_voice_only_heard_and_a_crowd_are_not_dressed() {
    let mut s = script(vec![scene(1, 1, &["NINA", "EDWARD", "THE CROWD"])]);
    let line = |character: &str, extension: Option<&str>| oneshot_model::DialogueLine {
        character: character.into(),
        extensions: extension.map(String::from).into_iter().collect(),
        text: "Hey.".into(),
        ..Default::default()
    };
    s.scenes[0].lines = vec![
        line("NINA", None),
        line("EDWARD", Some("V.O.")),
        line("THE CROWD", None),
    ];
    let c = continuity(&s, &ProductionConfig::untitled("Test"));
    assert_eq!(c.undressed, ["NINA"]);
}

#[test]
fn without_a_production_everyone_is_undressed() {
    let mut s = script(vec![scene(1, 1, &["NINA", "DEX"]), scene(2, 1, &["DEX"])]);
    s.scenes[1].elements = BTreeMap::from([
        (Category::Wardrobe, vec!["torn sleeve".into()]),
        (Category::MakeupHair, vec!["black eye".into()]),
    ]);
    let c = continuity(&s, &ProductionConfig::untitled("Test"));
    assert_eq!(c.undressed, ["NINA", "DEX"]);
    assert!(c.warnings.is_empty());
    assert_eq!(c.change_count(), 0);
    let dex = &c.characters[1].appearances[1];
    assert_eq!(dex.wardrobe_hints, ["torn sleeve"]);
    assert_eq!(dex.makeup_hints, ["black eye"]);
}

#[test]
fn a_dressed_character_missing_from_the_script_is_reported() {
    let s = script(vec![scene(1, 1, &["RAY"])]);
    let p = production(vec![dressed(
        "ZED",
        vec![costume("coat", [1, 1], Condition::Worn)],
        vec![],
    )]);
    let c = continuity(&s, &p);
    assert_eq!(warnings(&c), [(WarningKind::NotInScript, vec![])]);
    assert_eq!(c.warnings[0].character, "ZED");
}

#[test]
fn documents_escape_text_and_put_warnings_on_their_rows() {
    let s = script(vec![scene(1, 1, &["<B&B>"]), scene(2, 1, &["<B&B>"])]);
    let mut tux = costume("tux, \"black\"", [1, 1], Condition::Pristine);
    tux.colors = vec!["#abc".into(), "red;background:url(x)".into()];
    let p = production(vec![dressed("<B&B>", vec![tux], vec![])]);
    let c = continuity(&s, &p);

    let csv = render::csv(&c);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], render::CSV_HEADER);
    assert_eq!(lines.len(), 3);
    assert!(
        lines[1].starts_with("<B&B>,1,INT. ROOM 1 - DAY,1,1,\"tux, \"\"black\"\"\",pristine"),
        "{}",
        lines[1]
    );
    assert!(lines[2].contains("no costume in scene 2"), "{}", lines[2]);

    let html = render::html(&c);
    assert!(html.contains("&lt;B&amp;B&gt;"));
    assert!(!html.contains("<B&B>"));
    assert!(html.contains("background:#abc"));
    // Only the hex colour reaches a style attribute; the other is shown as text.
    assert_eq!(html.matches("style=\"").count(), 1);
    assert!(html.contains("red;background:url(x)"));
    assert!(html.contains("tux, &quot;black&quot;"));
}

#[test]
fn the_model_round_trips_through_json() {
    let s = script(vec![scene(1, 1, &["RAY"])]);
    let p = production(vec![dressed(
        "RAY",
        vec![costume("overalls", [1, 1], Condition::Dirty)],
        vec![look("tired", [1, 1])],
    )]);
    let c = continuity(&s, &p);
    let json = serde_json::to_value(&c).unwrap();
    assert_eq!(
        json["characters"][0]["appearances"][0]["costume"]["condition"],
        "dirty"
    );
    let back: Continuity = serde_json::from_value(json).unwrap();
    assert_eq!(back, c);
}

#[test]
fn injuries_stay_fresh_through_the_day_then_heal_for_a_week() {
    let mut fight = scene(1, 1, &["RAY", "DEX"]);
    fight.action = vec![
        "Blood on the floor. Ray punches Dex, whose nose is bleeding.".into(),
        "RAY's knuckles are bruised.".into(),
    ];
    // Story days only count on; a flashback is another era in the heading.
    let mut flashback = scene(4, 3, &["DEX"]);
    flashback.heading = "EXT. PARK - DAY (1977)".into();
    let mut back = scene(5, 4, &["DEX"]);
    back.heading = "INT. ROOM 5 - DAY (PRESENT)".into();
    let scenes = vec![
        fight,
        scene(2, 1, &["RAY", "DEX"]),
        scene(3, 2, &["DEX"]),
        flashback,
        back,
        scene(6, 12, &["DEX", "RAY"]),
    ];
    let bible = continuity(&script(scenes), &production(vec![]));
    let worn = |name: &str| -> Vec<(u32, Vec<(String, bool)>)> {
        let character = character(&bible, name);
        character
            .appearances
            .iter()
            .map(|a| {
                let injuries = a.injuries.iter().map(|i| (i.what.clone(), i.healing));
                (a.scene, injuries.collect())
            })
            .collect()
    };
    let fresh = |what: &str| vec![(what.to_owned(), false)];
    let healing = |what: &str| vec![(what.to_owned(), true)];
    // The nose bleeds on the one nearest the word; nobody owns the floor's blood.
    assert_eq!(
        worn("DEX"),
        [
            (1, fresh("bleeding")),
            (2, fresh("bleeding")),
            (3, healing("bleeding")),
            (4, vec![]),              // a flashback: not yet
            (5, healing("bleeding")), // back in the present
            (6, vec![]),              // ten days on: healed
        ]
    );
    assert_eq!(
        worn("RAY")[..2],
        [(1, fresh("bruised")), (2, fresh("bruised"))]
    );
    let csv = render::csv(&bible);
    assert!(csv.contains(",\"bleeding (healing, from 1)\","), "{csv}");
}

#[test]
fn an_injury_heals_over_the_time_a_jump_says_passes() {
    let mut fight = scene(1, 1, &["RAY"]);
    fight.action = vec!["Ray's lip is bloody.".into()];
    let mut next_day = scene(2, 2, &["RAY"]);
    next_day.heading = "INT. GYM - DAY".into();
    let mut months_on = scene(3, 3, &["RAY"]);
    months_on.heading = "INT. GYM - TWO MONTHS LATER".into();
    let mut card = scene(4, 4, &["RAY"]);
    card.action = vec!["A WEEK LATER\n\nRay trains.".into()];
    let mut fresh = scene(5, 5, &["RAY"]);
    fresh.action = vec!["Ray's nose is bleeding.".into()];
    let mut after_card = scene(6, 6, &["RAY"]);
    after_card.action = vec!["THREE WEEKS LATER".into()];
    let bible = continuity(
        &script(vec![fight, next_day, months_on, card, fresh, after_card]),
        &production(vec![]),
    );
    let injuries: Vec<usize> = (bible.characters[0].appearances.iter())
        .map(|a| a.injuries.len())
        .collect();
    // The story days run 1 to 6, but two months pass before scene 3 and three
    // weeks before scene 6: the lip has healed by then, and so has the nose.
    assert_eq!(injuries, [1, 1, 0, 0, 1, 0]);
}

#[test]
fn a_pronoun_carries_an_injury_to_the_one_character_just_named() {
    let mut brawl = scene(1, 1, &["RAY", "DEX", "NINA", "YOUNG EDWARD", "EDWARD"]);
    brawl.action = vec![
        // `His` opening the sentence after one naming Dex alone: Dex's.
        "Dex crashes into the shelves. His arm is bruised.".into(),
        // After a sentence naming two, `he` could be either: nobody's.
        "Dex falls. Ray shoves Nina aside. He is bleeding.".into(),
        // A paragraph remembers nobody from the one before.
        "She has a black eye.".into(),
        // A pronoun inside the sentence is about someone the sentence names.
        "Nina runs. The bouncer wipes his bloody knuckles.".into(),
        // A sentence about nothing in between: `her` could be anyone.
        "Nina stops. The lights flicker. Her hand is bandaged.".into(),
        // `Edward` inside `Young Edward` is him, and he is one person.
        "Young Edward trips. His knee is wounded.".into(),
        // Said of a list, it is everyone's in it; names side by side are no list.
        "Ray, Dex and Nina walk home, bloodied and laughing.".into(),
        "Ray shoves Dex, Nina falls, wounded.".into(),
    ];
    let bible = continuity(&script(vec![brawl]), &production(vec![]));
    let injuries = |name: &str| -> Vec<String> {
        let character = character(&bible, name);
        let first = &character.appearances[0];
        first.injuries.iter().map(|i| i.what.clone()).collect()
    };
    assert_eq!(injuries("DEX"), ["bruised", "bloodied"]);
    assert_eq!(injuries("RAY"), ["bloodied"]);
    assert_eq!(injuries("NINA"), ["bloodied", "wounded"]);
    assert_eq!(injuries("YOUNG EDWARD"), ["wounded"]);
    assert!(injuries("EDWARD").is_empty());
}

#[test]
fn a_costume_worn_again_keeps_its_change_number_and_the_plot_lists_it() {
    let s = script((1..=4).map(|n| scene(n, n, &["RAY"])).collect());
    let p = production(vec![dressed(
        "RAY",
        vec![
            costume("overalls", [1, 1], Condition::Worn),
            costume("tank", [2, 2], Condition::Pristine),
            costume("Overalls", [3, 3], Condition::Dirty),
            costume("suit", [4, 4], Condition::Pristine),
        ],
        vec![],
    )]);
    let c = continuity(&s, &p);
    let numbers: Vec<Option<u32>> = (c.characters[0].appearances.iter())
        .map(|a| a.costume_change)
        .collect();
    assert_eq!(numbers, [Some(1), Some(2), Some(1), Some(3)]);
    let html = render::html(&c);
    assert!(html.contains("<h3>Costume plot</h3>"), "{html}");
    assert!(
        html.contains("<td class=\"num\">1</td><td>overalls</td><td>1, 3</td>"),
        "{html}"
    );
    // The CSV says what changes: the costume, not the look.
    let csv = render::csv(&c);
    assert!(csv.lines().nth(2).unwrap().ends_with(",costume,"), "{csv}");
}

#[test]
fn the_state_the_action_puts_a_costume_in_is_carried_through_the_day_and_checked() {
    let mut storm = scene(1, 1, &["BEN", "ANNA"]);
    storm.action = vec![
        "Ben staggers in, soaked to the skin, his shirt torn, his trousers caked in mud.".into(),
        "Anna watches, dry and calm.".into(),
    ];
    let mut after = scene(2, 1, &["BEN"]);
    after.location = "ROOM 1".into();
    let s = script(vec![storm, after, scene(3, 2, &["BEN"])]);
    let p = production(vec![dressed(
        "BEN",
        vec![costume("casual", [1, 3], Condition::Pristine)],
        vec![],
    )]);
    let c = continuity(&s, &p);
    let states = |name: &str| -> Vec<Vec<(String, u32)>> {
        let character = character(&c, name);
        (character.appearances.iter())
            .map(|a| {
                let states = a.costume_states.iter();
                states.map(|s| (s.state.clone(), s.from_scene)).collect()
            })
            .collect()
    };
    let storm_states = vec![
        ("wet".to_owned(), 1),
        ("torn".to_owned(), 1),
        ("dirty".to_owned(), 1),
    ];
    // The same day in the same clothes, then a new day.
    assert_eq!(states("BEN"), [storm_states.clone(), storm_states, vec![]]);
    assert_eq!(states("ANNA"), [Vec::<(String, u32)>::new()]);
    let conditions: Vec<&str> = (c.warnings.iter())
        .filter(|w| w.kind == WarningKind::ScriptCondition)
        .map(|w| w.message.as_str())
        .collect();
    assert_eq!(conditions.len(), 2, "{conditions:?}");
    assert!(
        conditions[0].contains("BEN is torn in scene 1")
            && conditions[0].contains("`casual` there is pristine: it needs a damaged version"),
        "{conditions:?}"
    );
    let csv = render::csv(&c);
    assert!(
        csv.contains(",pristine,wet (from 1); torn (from 1); dirty (from 1),"),
        "{csv}"
    );
}

#[test]
fn wardrobe_and_makeup_elements_go_to_whom_the_action_gives_them() {
    let mut party = scene(1, 1, &["RAY", "DEX", "NINA"]);
    party.action = vec!["Ray wears a silk robe. Dex adjusts his glasses.".into()];
    party.elements = BTreeMap::from([
        (
            Category::Wardrobe,
            vec!["robe".to_owned(), "red scarf".to_owned()],
        ),
        (Category::MakeupHair, vec!["glasses".to_owned()]),
    ]);
    let c = continuity(&script(vec![party]), &production(vec![]));
    let hints = |name: &str| {
        let character = character(&c, name);
        let first = &character.appearances[0];
        (first.wardrobe_hints.clone(), first.makeup_hints.clone())
    };
    // The scarf is a note's, written of no one: it may be anyone's.
    assert_eq!(
        hints("RAY"),
        (vec!["robe".into(), "red scarf".into()], vec![])
    );
    assert_eq!(
        hints("DEX"),
        (vec!["red scarf".into()], vec!["glasses".into()])
    );
    assert_eq!(hints("NINA"), (vec!["red scarf".into()], vec![]));
}

#[test]
fn a_change_on_the_way_somewhere_else_or_after_a_fight_is_no_surprise() {
    let at = |number: u32, location: &str, time: &str| {
        let mut s = scene(number, 1, &["RAY"]);
        s.location = location.into();
        s.time_of_day = Some(time.into());
        s
    };
    let mut fight = at(2, "ALLEY", "NIGHT");
    fight.action = vec!["Ray takes a punch. His lip is bloody.".into()];
    let s = script(vec![
        at(1, "BAR", "NIGHT"),
        fight,
        at(3, "ALLEY", "CONTINUOUS"),
        at(4, "STREET", "CONTINUOUS"),
        at(5, "HOME", "NIGHT"),
    ]);
    let p = production(vec![dressed(
        "RAY",
        vec![
            costume("suit", [1, 1], Condition::Pristine),
            costume("jacket", [2, 3], Condition::Pristine),
            costume("coat", [4, 4], Condition::Pristine),
            costume("robe", [5, 5], Condition::Pristine),
        ],
        vec![look("bloody lip", [3, 5])],
    )]);
    let c = continuity(&s, &p);
    // Bar to alley and street to home: time on the way. Alley to street runs on.
    // The bloody lip after the punch is the story's.
    assert_eq!(warnings(&c), [(WarningKind::SameDayChange, vec![3, 4])]);
}

#[test]
fn blood_in_a_figure_of_speech_is_no_injury() {
    let mut news = scene(1, 1, &["KATE"]);
    news.action = vec![
        "Kate reads the letter. Her face drains of blood.".into(),
        "Kate's blood runs cold. She killed him in cold blood.".into(),
    ];
    let c = continuity(&script(vec![news]), &production(vec![]));
    assert!(c.characters[0].appearances[0].injuries.is_empty());
    let mut nosebleed = scene(1, 1, &["KATE"]);
    nosebleed.action = vec!["Blood runs from Kate's nose.".into()];
    let c = continuity(&script(vec![nosebleed]), &production(vec![]));
    let injuries = &c.characters[0].appearances[0].injuries;
    assert_eq!(injuries.len(), 1, "{injuries:?}");
}

#[test]
fn a_state_inside_a_longer_one_or_of_the_mind_is_not_the_costumes() {
    let mut scene_one = scene(1, 1, &["RAY"]);
    scene_one.action =
        vec!["Ray is torn between staying and going. His shirt is blood-soaked.".into()];
    let c = continuity(&script(vec![scene_one]), &production(vec![]));
    let states: Vec<&str> = (c.characters[0].appearances[0].costume_states.iter())
        .map(|s| s.state.as_str())
        .collect();
    assert_eq!(states, ["bloodstained"]);
}
