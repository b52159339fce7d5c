//! Every screenplay of the shared corpus plans: no errors beyond "no scenes", a
//! set-up for every shot, every subject in frame, and finite cameras.
//!
//! The corpus lives beside the repository (`../shared/corpus`, or `$ONESHOT_CORPUS`);
//! a fresh clone has none, and then this test says so and passes.

use std::path::PathBuf;

fn corpus_fountain() -> Option<PathBuf> {
    let root = std::env::var_os("ONESHOT_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus")
        });
    let dir = root.join("fountain");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "corpus absent ({}): skipping corpus-backed checks",
            dir.display()
        );
        None
    }
}

#[test]
fn every_corpus_screenplay_plans() {
    let Some(dir) = corpus_fountain() else { return };
    let mut planned = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "fountain") {
            continue;
        }
        let script = oneshot_script::load(&path).unwrap_or_else(|e| panic!("{e}"));
        let plan = match oneshot_plan::plan(&script, None) {
            Ok(plan) => plan,
            Err(oneshot_plan::PlanError::NoScenes) => continue,
            Err(err) => panic!("{}: {err}", path.display()),
        };
        let name = path.display();
        assert_eq!(plan.scenes.len(), script.scenes.len(), "{name}");
        assert_eq!(plan.shots.len(), plan.setups.len(), "{name}");
        for (shot, setup) in plan.shots.iter().zip(&plan.setups) {
            assert_eq!(shot.id, setup.shot_id, "{name}");
            let camera = &setup.camera;
            assert!(
                camera.transform.location.is_finite(),
                "{name}: shot {}",
                shot.id
            );
            assert!(
                camera.transform.rotation.is_normalized(),
                "{name}: shot {}",
                shot.id
            );
            assert!(
                shot.duration_s > 0.0 && shot.lens_mm > 0.0,
                "{name}: shot {}",
                shot.id
            );
        }
        let lost: Vec<_> = plan
            .warnings
            .iter()
            .filter(|w| w.contains("out of frame"))
            .collect();
        assert!(lost.is_empty(), "{name}: {lost:?}");
        planned += 1;
    }
    assert!(planned > 0, "no screenplay in {}", dir.display());
}
