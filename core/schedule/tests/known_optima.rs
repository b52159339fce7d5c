//! Every benchmark instance with a known optimum comes out at exactly that optimum,
//! proven: the vendored copies always, and the shared corpus too when it is present.

use std::path::{Path, PathBuf};

use oneshot_schedule::{read_instance, solve};

struct Known {
    name: String,
    file: String,
    actors: usize,
    scenes: usize,
    fixed: u64,
    optimum: u64,
    order: Vec<usize>,
}

fn known_optima(dir: &Path) -> Vec<Known> {
    let text = std::fs::read_to_string(dir.join("known_optima.tsv")).unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            Known {
                name: f[0].to_owned(),
                file: f[1].to_owned(),
                actors: f[2].parse().unwrap(),
                scenes: f[3].parse().unwrap(),
                fixed: f[5].parse().unwrap(),
                optimum: f[7].parse().unwrap(),
                order: f[8]
                    .split_whitespace()
                    .map(|i| i.parse().unwrap())
                    .collect(),
            }
        })
        .collect()
}

fn vendored() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data")
}

fn check_all(dir: &Path) {
    let known = known_optima(dir);
    assert!(known.len() >= 21, "{} instances listed", known.len());
    for k in known {
        let instance = read_instance(&dir.join(&k.file)).unwrap();
        assert_eq!(
            (instance.actors(), instance.scenes()),
            (k.actors, k.scenes),
            "{}",
            k.name
        );
        assert_eq!(instance.fixed_cost(), k.fixed, "{}", k.name);
        assert_eq!(
            instance.cost(&k.order),
            k.optimum,
            "{}: listed order",
            k.name
        );
        let solution = solve(&instance);
        eprintln!(
            "{:<16} cost {:>5}  {:>9} states  {:.3} s",
            k.name, solution.cost, solution.states, solution.seconds
        );
        assert!(solution.optimal, "{}: not proven optimal", k.name);
        assert_eq!(solution.cost, k.optimum, "{}", k.name);
        assert_eq!(solution.lower_bound, k.optimum, "{}", k.name);
        assert_eq!(
            instance.cost(&solution.order),
            k.optimum,
            "{}: order",
            k.name
        );
    }
}

#[test]
fn every_vendored_instance_is_solved_to_its_known_optimum() {
    check_all(&vendored());
}

#[test]
fn minizinc_copies_read_the_same_and_solve_the_same() {
    let dir = vendored();
    for name in [
        "MobStory", "film103", "film105", "film114", "film116", "film117", "film118", "film119",
        "concert", "small", "tiny",
    ] {
        let dzn = read_instance(&dir.join(format!("minizinc/{name}.dzn"))).unwrap();
        let stuckey_file = if name.starts_with("film") {
            format!("stuckey_format/{name}.dat")
        } else {
            format!("stuckey_format/{name}")
        };
        let stuckey = read_instance(&dir.join(stuckey_file)).unwrap();
        assert_eq!(
            (&dzn.durations, &dzn.costs, &dzn.cast),
            (&stuckey.durations, &stuckey.costs, &stuckey.cast),
            "{name}"
        );
    }
    for (file, optimum) in [
        ("csplib/rehearsal_smith.dzn", 109),
        ("csplib/rehearsal_choco.dzn", 53),
    ] {
        let solution = solve(&read_instance(&dir.join(file)).unwrap());
        assert_eq!((solution.cost, solution.optimal), (optimum, true), "{file}");
    }
}

#[test]
fn the_shared_corpus_is_solved_too() {
    let root = std::env::var_os("ONESHOT_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"));
    let dir = root.join("talent_scheduling");
    if !dir.join("known_optima.tsv").exists() {
        eprintln!(
            "corpus absent ({}): skipping corpus-backed checks",
            dir.display()
        );
        return;
    }
    check_all(&dir);
}
