//! The talent scheduling problem (Cheng, Diamond & Lin 1993): scenes with a duration
//! and a cast, actors with a daily cost. Every actor is paid for each day from the
//! start of their first scene to the end of their last one, waiting days included;
//! the best shooting order minimises the total.

use std::fmt;

/// One talent scheduling instance, as read from a benchmark file or built from a script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instance {
    /// Where the instance comes from (file stem or script title), for reports.
    pub name: String,
    /// Duration of each scene in days (or any time unit the costs are paid in).
    pub durations: Vec<u64>,
    /// Cost of each actor per unit of time on location.
    pub costs: Vec<u64>,
    /// The actors (indices into `costs`) of each scene.
    pub cast: Vec<Vec<usize>>,
}

/// Why an instance cannot be built from the values given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InstanceError {
    /// `cast` and `durations` disagree on the number of scenes.
    #[error("{cast} scene casts but {durations} scene durations")]
    SceneCount { cast: usize, durations: usize },
    /// A scene names an actor that has no cost.
    #[error("scene {scene} has actor {actor}, but only {actors} actors have a cost")]
    UnknownActor {
        scene: usize,
        actor: usize,
        actors: usize,
    },
    /// Durations times costs could exceed what the solver counts exactly.
    #[error("total duration x total cost exceeds 2^48: the numbers are too large")]
    TooLarge,
}

/// The largest cost any schedule of an instance may reach (the solver packs costs in
/// 48 bits).
pub const MAX_TOTAL_COST: u64 = 1 << 48;

impl Instance {
    /// Checks that every scene's actors exist and that there is one duration per scene.
    pub fn new(
        name: impl Into<String>,
        durations: Vec<u64>,
        costs: Vec<u64>,
        cast: Vec<Vec<usize>>,
    ) -> Result<Self, InstanceError> {
        if cast.len() != durations.len() {
            return Err(InstanceError::SceneCount {
                cast: cast.len(),
                durations: durations.len(),
            });
        }
        for (scene, actors) in cast.iter().enumerate() {
            if let Some(&actor) = actors.iter().find(|&&a| a >= costs.len()) {
                return Err(InstanceError::UnknownActor {
                    scene,
                    actor,
                    actors: costs.len(),
                });
            }
        }
        let total_duration = durations
            .iter()
            .try_fold(0u64, |sum, &d| sum.checked_add(d));
        let total_cost = costs.iter().try_fold(0u64, |sum, &c| sum.checked_add(c));
        match total_duration
            .zip(total_cost)
            .and_then(|(d, c)| d.checked_mul(c))
        {
            Some(worst) if worst < MAX_TOTAL_COST => {}
            _ => return Err(InstanceError::TooLarge),
        }
        Ok(Instance {
            name: name.into(),
            durations,
            costs,
            cast,
        })
    }

    pub fn scenes(&self) -> usize {
        self.durations.len()
    }

    pub fn actors(&self) -> usize {
        self.costs.len()
    }

    /// The total cost of shooting the scenes in `order` (a permutation of all scenes):
    /// every actor paid from the start of their first scene to the end of their last.
    pub fn cost(&self, order: &[usize]) -> u64 {
        let mut start = vec![None; self.actors()];
        let mut end = vec![0; self.actors()];
        let mut day = 0;
        for &scene in order {
            for &actor in &self.cast[scene] {
                start[actor].get_or_insert(day);
                end[actor] = day + self.durations[scene];
            }
            day += self.durations[scene];
        }
        (0..self.actors())
            .filter_map(|a| start[a].map(|s| self.costs[a] * (end[a] - s)))
            .sum()
    }

    /// The part of every schedule's cost that does not depend on the order: each actor
    /// paid for the days of their own scenes.
    pub fn fixed_cost(&self) -> u64 {
        self.cast
            .iter()
            .zip(&self.durations)
            .map(|(actors, d)| d * actors.iter().map(|&a| self.costs[a]).sum::<u64>())
            .sum()
    }
}

impl fmt::Display for Instance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} ({} actors x {} scenes)",
            self.name,
            self.actors(),
            self.scenes()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> Instance {
        // The `tiny` benchmark: optimum 29 with order 2 1 0 3.
        Instance::new(
            "tiny",
            vec![1, 2, 3, 1],
            vec![1, 2, 3],
            vec![vec![0, 1], vec![1, 2], vec![0, 2], vec![1]],
        )
        .unwrap()
    }

    #[test]
    fn cost_counts_waiting_days() {
        let tiny = tiny();
        assert_eq!(tiny.cost(&[2, 1, 0, 3]), 29);
        assert_eq!(tiny.fixed_cost(), 27);
        // Reversing an order never changes its cost.
        assert_eq!(tiny.cost(&[3, 0, 1, 2]), 29);
    }

    #[test]
    fn inconsistent_instances_are_rejected() {
        let err = Instance::new("x", vec![1], vec![1], vec![vec![3]]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "scene 0 has actor 3, but only 1 actors have a cost"
        );
        let err = Instance::new("x", vec![1, 2], vec![1], vec![vec![0]]).unwrap_err();
        assert!(matches!(err, InstanceError::SceneCount { .. }));
        let err = Instance::new("x", vec![u64::MAX], vec![2], vec![vec![0]]).unwrap_err();
        assert_eq!(err, InstanceError::TooLarge);
    }
}
