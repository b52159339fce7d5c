//! The exact talent scheduling solver: dynamic programming over the set of scenes still
//! to shoot, searched depth-first with memoisation and bounds (Garcia de la Banda,
//! Stuckey & Chu, "Solving talent scheduling with dynamic programming", 2011).
//!
//! Before the search the instance shrinks without losing optimality:
//! * actors in a single scene are never kept waiting: their cost is a constant;
//! * scenes with the same cast are shot back to back in some optimal order, so they
//!   merge into one (repeated, since removing actors makes more casts equal);
//! * scenes left with nobody who can wait cost nothing when shot first.
//!
//! The search state is the set `Q` of scenes left; the actors on location are those
//! with scenes both shot and left. Shooting scene `s` next costs its duration times the
//! cost of its own cast plus everyone on location who still has a scene after it. A
//! scene whose cast is exactly the on-location set is shot next without branching
//! (nobody else can be on location for less). The lower bound for `Q` is the cast's own
//! days plus a single-machine relaxation for the on-location actors (Smith's rule).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::time::Instant;

use serde::Serialize;

use crate::talent::Instance;

/// The best order found, its cost and how far it is proven from optimal.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Solution {
    pub cost: u64,
    /// Scene indices (0-based, file order) in shooting order.
    pub order: Vec<usize>,
    /// True when `cost` is proven minimal.
    pub optimal: bool,
    /// No order costs less than this; equals `cost` when optimal.
    pub lower_bound: u64,
    /// Wall-clock solve time.
    pub seconds: f64,
    /// Search states expanded (a measure of effort, for benchmarks).
    pub states: u64,
}

/// How much effort the exact search may spend before settling for its best order.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Search states to expand before giving up the proof.
    pub max_states: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_states: 5_000_000,
        }
    }
}

/// Solves `instance` exactly within the default limits.
pub fn solve(instance: &Instance) -> Solution {
    solve_with(instance, Limits::default())
}

/// Solves `instance`, proving optimality unless the search needs more than `limits`.
pub fn solve_with(instance: &Instance, limits: Limits) -> Solution {
    let started = Instant::now();
    let reduced = Reduced::new(instance);
    let mut search = Search::new(&reduced, limits);
    let (order, optimal, lower_bound) = match &mut search {
        Some(search) => search.run(),
        None => {
            // Too many scenes or actors for bit sets: improve the file order locally.
            let order = improve(&reduced.instance, (0..reduced.instance.scenes()).collect());
            (order, false, reduced.instance.fixed_cost())
        }
    };
    let order = reduced.expand(&order);
    let cost = instance.cost(&order);
    Solution {
        cost,
        optimal,
        lower_bound: if optimal {
            cost
        } else {
            lower_bound + reduced.constant
        },
        order,
        seconds: started.elapsed().as_secs_f64(),
        states: search.map_or(0, |s| s.states),
    }
}

/// An instance after the exact reductions, with the way back to the original scenes.
struct Reduced {
    /// The merged scenes and the actors who can wait.
    instance: Instance,
    /// The original scenes of each merged scene.
    members: Vec<Vec<usize>>,
    /// Original scenes nobody waits for: shot first, free.
    free: Vec<usize>,
    /// Cost of the actors removed (paid the same in every order).
    constant: u64,
}

impl Reduced {
    fn new(instance: &Instance) -> Reduced {
        let mut groups: Vec<(Vec<usize>, Vec<usize>, u64)> = (0..instance.scenes())
            .map(|s| {
                let mut cast = instance.cast[s].clone();
                cast.sort_unstable();
                cast.dedup();
                (vec![s], cast, instance.durations[s])
            })
            .collect();
        let mut constant = 0;
        loop {
            let mut appearances = vec![0usize; instance.actors()];
            for (_, cast, _) in &groups {
                for &a in cast {
                    appearances[a] += 1;
                }
            }
            let mut changed = false;
            for (_, cast, duration) in &mut groups {
                cast.retain(|&a| {
                    let keep = appearances[a] > 1;
                    if !keep {
                        constant += instance.costs[a] * *duration;
                        changed = true;
                    }
                    keep
                });
            }
            let mut merged: Vec<(Vec<usize>, Vec<usize>, u64)> = Vec::with_capacity(groups.len());
            let mut by_cast: HashMap<Vec<usize>, usize> = HashMap::new();
            for (members, cast, duration) in groups {
                if cast.is_empty() {
                    merged.push((members, cast, duration));
                } else if let Some(&i) = by_cast.get(&cast) {
                    merged[i].0.extend(members);
                    merged[i].2 += duration;
                    changed = true;
                } else {
                    by_cast.insert(cast.clone(), merged.len());
                    merged.push((members, cast, duration));
                }
            }
            groups = merged;
            if !changed {
                break;
            }
        }
        let (empty, groups): (Vec<_>, Vec<_>) = groups.into_iter().partition(|g| g.1.is_empty());
        let free = empty.into_iter().flat_map(|g| g.0).collect();
        // Renumber the actors who are left.
        let mut index = vec![usize::MAX; instance.actors()];
        let mut costs = Vec::new();
        for (_, cast, _) in &groups {
            for &a in cast {
                if index[a] == usize::MAX {
                    index[a] = costs.len();
                    costs.push(instance.costs[a]);
                }
            }
        }
        let mut members = Vec::with_capacity(groups.len());
        let mut durations = Vec::with_capacity(groups.len());
        let mut cast = Vec::with_capacity(groups.len());
        for (m, c, d) in groups {
            members.push(m);
            durations.push(d);
            cast.push(c.into_iter().map(|a| index[a]).collect());
        }
        Reduced {
            instance: Instance {
                name: instance.name.clone(),
                durations,
                costs,
                cast,
            },
            members,
            free,
            constant,
        }
    }

    /// An order of merged scenes back as an order of the original scenes.
    fn expand(&self, order: &[usize]) -> Vec<usize> {
        let mut expanded = self.free.clone();
        for &group in order {
            expanded.extend(&self.members[group]);
        }
        expanded
    }
}

/// Scene sets are `u64` bit sets and casts `u128`: the exact search handles up to 64
/// merged scenes and 128 actors who can wait.
type SceneSet = u64;
/// Up to this many merged scenes the search is a dense forward dynamic program.
const DENSE_SCENES: usize = 21;
type ActorSet = u128;

fn bits(mut set: u128) -> impl Iterator<Item = usize> {
    std::iter::from_fn(move || {
        (set != 0).then(|| {
            let bit = set.trailing_zeros() as usize;
            set &= set - 1;
            bit
        })
    })
}

struct Search<'a> {
    instance: &'a Instance,
    cast: Vec<ActorSet>,
    /// The scenes of each actor.
    scenes_of: Vec<SceneSet>,
    /// Cost of the actors in each byte of an actor set: `byte_costs[chunk][bits]`.
    byte_costs: Vec<[u64; 256]>,
    /// Each scene's duration times the cost of its own cast.
    base_cost: Vec<u64>,
    /// The scenes whose cast strictly contains each scene's cast.
    supersets: Vec<SceneSet>,
    all: SceneSet,
    memo: Memo,
    states: u64,
    limits: Limits,
    aborted: bool,
}

/// A child of a search state: shoot `scene` next at `cost`; `priority` adds the bound
/// for what is left.
#[derive(Clone, Copy)]
struct Child {
    priority: u64,
    scene: usize,
    cost: u64,
}

impl<'a> Search<'a> {
    fn new(reduced: &'a Reduced, limits: Limits) -> Option<Search<'a>> {
        let instance = &reduced.instance;
        if instance.scenes() > 64 || instance.actors() > 128 {
            return None;
        }
        let cast: Vec<ActorSet> = instance
            .cast
            .iter()
            .map(|c| c.iter().fold(0, |set, &a| set | 1 << a))
            .collect();
        let mut scenes_of = vec![0; instance.actors()];
        for (s, c) in cast.iter().enumerate() {
            for a in bits(*c) {
                scenes_of[a] |= 1 << s;
            }
        }
        let mut supersets = vec![0; instance.scenes()];
        for (s, &small) in cast.iter().enumerate() {
            for (t, &large) in cast.iter().enumerate() {
                if s != t && small & !large == 0 && small != large {
                    supersets[s] |= 1 << t;
                }
            }
        }
        let all = if instance.scenes() == 64 {
            u64::MAX
        } else {
            (1 << instance.scenes()) - 1
        };
        Some(Search {
            instance,
            cast,
            scenes_of,
            byte_costs: (0..16)
                .map(|chunk| {
                    let mut table = [0; 256];
                    for (byte, total) in table.iter_mut().enumerate() {
                        *total = bits(byte as u128)
                            .filter_map(|b| instance.costs.get(chunk * 8 + b))
                            .sum();
                    }
                    table
                })
                .collect(),
            base_cost: (0..instance.scenes())
                .map(|s| {
                    instance.durations[s]
                        * instance.cast[s]
                            .iter()
                            .map(|&a| instance.costs[a])
                            .sum::<u64>()
                })
                .collect(),
            supersets,
            all,
            memo: Memo::new(instance.scenes()),
            states: 0,
            limits,
            aborted: false,
        })
    }

    /// Returns the best order of merged scenes, whether it is proven optimal and a
    /// lower bound on the reduced cost.
    fn run(&mut self) -> (Vec<usize>, bool, u64) {
        let start = self.greedy();
        let start = improve(self.instance, start);
        let upper = self.instance.cost(&start);
        let root_bound = self.base_of(self.all);
        if self.instance.scenes() <= DENSE_SCENES {
            return match self.forward(upper) {
                Some((order, cost)) => (order, true, cost),
                None if self.aborted => (start, false, root_bound.min(upper)),
                None => (start, true, upper),
            };
        }
        let best = self.search(self.all, upper + 1);
        if self.aborted || best > upper {
            return (start, false, root_bound.min(upper));
        }
        let mut order = Vec::with_capacity(self.instance.scenes());
        let mut left = self.all;
        while left != 0 {
            let Some(entry) = self.memo.get(left).filter(|e| e.exact) else {
                // Unreachable by construction; fall back to the proven-good start.
                return (start, false, root_bound.min(upper));
            };
            order.push(entry.next);
            left &= !(1 << entry.next);
        }
        (order, true, best)
    }

    fn cost_of(&self, mut actors: ActorSet) -> u64 {
        let mut total = 0;
        let mut chunk = 0;
        while actors != 0 {
            total += self.byte_costs[chunk][(actors & 0xff) as usize];
            actors >>= 8;
            chunk += 1;
        }
        total
    }

    /// Dynamic programming forward over every set of shot scenes, in increasing numeric
    /// order (so every set comes after the sets it grows from), keeping only sets whose
    /// cost plus lower bound stays within `upper`. Returns a cheaper order than `upper`
    /// if there is one.
    fn forward(&mut self, upper: u64) -> Option<(Vec<usize>, u64)> {
        let size = 1usize << self.instance.scenes();
        let mut reach = vec![u64::MAX; size];
        let mut parent = vec![0u8; size];
        // The cast of every scene set, built from the set without its lowest scene.
        let mut cast_of = vec![0 as ActorSet; size];
        let mut base_of = vec![0; size];
        for set in 1..size {
            let low = set.trailing_zeros() as usize;
            cast_of[set] = cast_of[set & (set - 1)] | self.cast[low];
            base_of[set] = base_of[set & (set - 1)] + self.base_cost[low];
        }
        reach[0] = 0;
        for done in 0..size {
            let so_far = reach[done];
            if so_far == u64::MAX {
                continue;
            }
            let left = self.all & !(done as SceneSet);
            if left == 0 {
                break;
            }
            self.states += 1;
            if self.states > self.limits.max_states {
                self.aborted = true;
                return None;
            }
            let done_actors = cast_of[done];
            let on_location = cast_of[left as usize] & done_actors;
            if so_far + self.lower_bound(left, on_location, base_of[left as usize]) > upper {
                continue;
            }
            let forced = bits(left as u128).find(|&s| self.cast[s] == on_location);
            for scene in forced.into_iter().chain(bits(left as u128)) {
                if forced.is_some_and(|f| f != scene) {
                    break;
                }
                if forced.is_none() && self.dominated(scene, left, done_actors) {
                    continue;
                }
                let rest = left & !(1 << scene);
                let paid = self.cast[scene] | (done_actors & cast_of[rest as usize]);
                let cost = so_far + self.instance.durations[scene] * self.cost_of(paid);
                let next = done | 1 << scene;
                if cost <= upper && cost < reach[next] {
                    reach[next] = cost;
                    parent[next] = scene as u8;
                }
                if forced.is_some() {
                    break;
                }
            }
        }
        let full = self.all as usize;
        let best = reach[full];
        if best == u64::MAX {
            return None;
        }
        let mut order = Vec::with_capacity(self.instance.scenes());
        let mut set = full;
        while set != 0 {
            let scene = parent[set] as usize;
            order.push(scene);
            set &= !(1 << scene);
        }
        order.reverse();
        Some((order, best))
    }

    fn actors_of(&self, scenes: SceneSet) -> ActorSet {
        bits(scenes as u128).fold(0, |set, s| set | self.cast[s])
    }

    /// A lower bound on the cost of shooting `left` while `on_location` (actors with
    /// scenes both shot and left) wait; `base` is the cost of the scenes' own casts.
    ///
    /// Each on-location actor is paid until their last scene. Splitting every scene's
    /// time among its on-location actors in proportion to their cost turns their pay
    /// into weighted completion time on one machine, minimised by Smith's rule; taking
    /// away what each scene's split overstates (its actors finish together, not one
    /// after another) leaves a bound on their waiting (Garcia de la Banda et al. 2011).
    fn lower_bound(&self, left: SceneSet, on_location: ActorSet, base: u64) -> u64 {
        if on_location == 0 {
            return base;
        }
        let mut shared = [0.0f64; 64];
        let mut overlap = 0.0;
        let mut touched = 0;
        for a in bits(on_location) {
            touched |= self.scenes_of[a];
        }
        for s in bits((left & touched) as u128) {
            let present = self.cast[s] & on_location;
            let total = self.cost_of(present) as f64;
            let squares: f64 = bits(present)
                .map(|a| (self.instance.costs[a] as f64).powi(2))
                .sum();
            shared[s] = total;
            overlap += self.instance.durations[s] as f64 * (total + squares / total) / 2.0;
        }
        let mut jobs = [(0.0f64, 0u64); 128];
        let mut count = 0;
        for a in bits(on_location) {
            let ratio: f64 = bits((left & self.scenes_of[a]) as u128)
                .map(|s| self.instance.durations[s] as f64 / shared[s])
                .sum();
            jobs[count] = (ratio, self.instance.costs[a]);
            count += 1;
        }
        let jobs = &mut jobs[..count];
        jobs.sort_unstable_by(|x, y| x.0.total_cmp(&y.0));
        let mut time = 0.0;
        let mut weighted = 0.0;
        for &(ratio, cost) in jobs.iter() {
            time += ratio * cost as f64;
            weighted += time * cost as f64;
        }
        // Floating-point slack: a bound must never exceed the truth.
        let waiting = weighted - overlap;
        base + (waiting - 1e-6 * (1.0 + weighted)).floor().max(0.0) as u64
    }

    fn base_of(&self, scenes: SceneSet) -> u64 {
        bits(scenes as u128).map(|s| self.base_cost[s]).sum()
    }

    /// The children of state `left`, cheapest first (bound included).
    fn children(&self, left: SceneSet) -> Vec<Child> {
        let done_actors = self.actors_of(self.all & !left);
        let scenes: Vec<usize> = bits(left as u128).collect();
        // Casts of `left` without each scene: prefix and suffix unions.
        let mut suffix = vec![0; scenes.len() + 1];
        for i in (0..scenes.len()).rev() {
            suffix[i] = suffix[i + 1] | self.cast[scenes[i]];
        }
        let on_location = suffix[0] & done_actors;
        if let Some(&scene) = scenes.iter().find(|&&s| self.cast[s] == on_location) {
            let cost = self.instance.durations[scene] * self.cost_of(on_location);
            return vec![Child {
                priority: cost,
                scene,
                cost,
            }];
        }
        let base: u64 = scenes.iter().map(|&s| self.base_cost[s]).sum();
        let mut prefix = 0;
        let mut children = Vec::with_capacity(scenes.len());
        for (i, &scene) in scenes.iter().enumerate() {
            let others = prefix | suffix[i + 1];
            prefix |= self.cast[scene];
            if self.dominated(scene, left, done_actors) {
                continue;
            }
            let paid = self.cast[scene] | (done_actors & others);
            let cost = self.instance.durations[scene] * self.cost_of(paid);
            let rest = left & !(1 << scene);
            // The cheap bound (each scene's own cast) orders the children; the full
            // bound is computed once the child is entered.
            let bound = match self.memo.get(rest) {
                Some(entry) => entry.value,
                None => base - self.base_cost[scene],
            };
            children.push(Child {
                priority: cost + bound,
                scene,
                cost,
            });
        }
        children.sort_by_key(|c| c.priority);
        children
    }

    /// Shooting `scene` next is dominated when a scene `other` left to shoot has a
    /// larger cast that is already complete with `scene`'s: `other` first is as good.
    fn dominated(&self, scene: usize, left: SceneSet, done_actors: ActorSet) -> bool {
        let cast = self.cast[scene];
        bits((left & self.supersets[scene]) as u128)
            .any(|other| self.cast[other] & !(done_actors | cast) == 0)
    }

    /// The minimal cost of shooting `left` if it is below `bound` (then it is exact and
    /// memoised with its first scene); otherwise a lower bound that is at least `bound`.
    fn search(&mut self, left: SceneSet, bound: u64) -> u64 {
        if left == 0 {
            return 0;
        }
        if let Some(entry) = self.memo.get(left) {
            if entry.exact || entry.value >= bound {
                return entry.value;
            }
        }
        self.states += 1;
        if self.states > self.limits.max_states {
            self.aborted = true;
        }
        if self.aborted {
            return bound;
        }
        let on_location = self.actors_of(left) & self.actors_of(self.all & !left);
        let lower = self.lower_bound(left, on_location, self.base_of(left));
        if lower >= bound {
            self.memo.set(left, lower, false, 0);
            return lower;
        }
        let mut best = bound;
        let mut best_scene = None;
        let mut floor = u64::MAX;
        for child in self.children(left) {
            if child.priority >= best {
                floor = floor.min(child.priority);
                break;
            }
            let value = child.cost + self.search(left & !(1 << child.scene), best - child.cost);
            if value < best {
                best = value;
                best_scene = Some(child.scene);
            } else {
                floor = floor.min(value);
            }
        }
        if self.aborted {
            return bound;
        }
        match best_scene {
            Some(scene) => {
                self.memo.set(left, best, true, scene);
                best
            }
            None => {
                self.memo.set(left, floor, false, 0);
                floor
            }
        }
    }

    /// A first order: repeatedly shoot the scene with the cheapest cost plus bound.
    fn greedy(&self) -> Vec<usize> {
        let mut left = self.all;
        let mut order = Vec::with_capacity(self.instance.scenes());
        while left != 0 {
            let next = self.children(left)[0].scene;
            order.push(next);
            left &= !(1 << next);
        }
        order
    }
}

/// Local search: move single scenes to better positions until no move helps.
pub(crate) fn improve(instance: &Instance, mut order: Vec<usize>) -> Vec<usize> {
    let mut best = instance.cost(&order);
    let mut improved = true;
    while improved {
        improved = false;
        for from in 0..order.len() {
            for to in 0..order.len() {
                if from == to {
                    continue;
                }
                let mut candidate = order.clone();
                let scene = candidate.remove(from);
                candidate.insert(to, scene);
                let cost = instance.cost(&candidate);
                if cost < best {
                    best = cost;
                    order = candidate;
                    improved = true;
                }
            }
        }
    }
    order
}

/// Memoised search results, packed in a `u64`: value in the low 48 bits, an exact flag,
/// the first scene of the best order, and a presence bit. Dense for up to 22 scenes.
enum Memo {
    Dense(Vec<u64>),
    Sparse(HashMap<SceneSet, u64, BuildHasherDefault<MixHasher>>),
}

struct Entry {
    value: u64,
    exact: bool,
    next: usize,
}

const VALUE_BITS: u64 = (1 << 48) - 1;
const EXACT: u64 = 1 << 48;
const PRESENT: u64 = 1 << 63;

impl Memo {
    fn new(scenes: usize) -> Memo {
        if scenes <= 22 {
            Memo::Dense(vec![0; 1 << scenes])
        } else {
            Memo::Sparse(HashMap::default())
        }
    }

    fn get(&self, left: SceneSet) -> Option<Entry> {
        let packed = match self {
            Memo::Dense(table) => table[left as usize],
            Memo::Sparse(map) => map.get(&left).copied().unwrap_or(0),
        };
        (packed & PRESENT != 0).then_some(Entry {
            value: packed & VALUE_BITS,
            exact: packed & EXACT != 0,
            next: ((packed >> 49) & 0x7f) as usize,
        })
    }

    fn set(&mut self, left: SceneSet, value: u64, exact: bool, next: usize) {
        let packed =
            PRESENT | value.min(VALUE_BITS) | if exact { EXACT } else { 0 } | ((next as u64) << 49);
        match self {
            Memo::Dense(table) => table[left as usize] = packed,
            Memo::Sparse(map) => {
                map.insert(left, packed);
            }
        }
    }
}

/// A fast hasher for scene sets (a multiplicative mix; the keys are not adversarial).
#[derive(Default)]
struct MixHasher(u64);

impl Hasher for MixHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ b as u64).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (n ^ (n >> 31)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn instance(durations: &[u64], costs: &[u64], cast: &[&[usize]]) -> Instance {
        Instance::new(
            "test",
            durations.to_vec(),
            costs.to_vec(),
            cast.iter().map(|c| c.to_vec()).collect(),
        )
        .unwrap()
    }

    /// Every permutation, for checking the solver on small instances.
    fn brute_force(instance: &Instance) -> u64 {
        fn permute(inst: &Instance, order: &mut Vec<usize>, k: usize, best: &mut u64) {
            if k == order.len() {
                *best = (*best).min(inst.cost(order));
                return;
            }
            for i in k..order.len() {
                order.swap(k, i);
                permute(inst, order, k + 1, best);
                order.swap(k, i);
            }
        }
        let mut best = u64::MAX;
        permute(
            instance,
            &mut (0..instance.scenes()).collect(),
            0,
            &mut best,
        );
        best
    }

    #[test]
    fn tiny_is_solved_optimally() {
        let tiny = instance(
            &[1, 2, 3, 1],
            &[1, 2, 3],
            &[&[0, 1], &[1, 2], &[0, 2], &[1]],
        );
        let solution = solve(&tiny);
        assert_eq!(solution.cost, 29);
        assert!(solution.optimal);
        assert_eq!(tiny.cost(&solution.order), 29);
    }

    const RANDOM_INSTANCES: usize = 500;

    #[test]
    fn matches_brute_force_on_pseudo_random_instances() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        for _ in 0..RANDOM_INSTANCES {
            let scenes = 2 + next(6) as usize;
            let actors = 1 + next(5) as usize;
            let durations: Vec<u64> = (0..scenes).map(|_| 1 + next(3)).collect();
            let costs: Vec<u64> = (0..actors).map(|_| 1 + next(9)).collect();
            let cast: Vec<Vec<usize>> = (0..scenes)
                .map(|_| (0..actors).filter(|_| next(2) == 0).collect())
                .collect();
            let inst = Instance::new("random", durations, costs, cast).unwrap();
            let solution = solve(&inst);
            assert!(solution.optimal);
            assert_eq!(solution.cost, brute_force(&inst), "{inst:?}");
            assert_eq!(inst.cost(&solution.order), solution.cost);
            let mut sorted = solution.order.clone();
            sorted.sort_unstable();
            assert_eq!(sorted, (0..scenes).collect::<Vec<_>>());
        }
    }

    #[test]
    fn reductions_keep_every_scene() {
        // Scenes 0 and 2 share a cast, scene 3 has only a single-scene actor, 4 nobody.
        let inst = instance(
            &[1, 2, 1, 1, 2],
            &[3, 1, 5],
            &[&[0, 1], &[0], &[0, 1], &[2], &[]],
        );
        let reduced = Reduced::new(&inst);
        // Actor 2 is alone in scene 3; once scenes 0 and 2 merge actor 1 is alone
        // there, which leaves actor 0 in two identical scenes: everything collapses.
        assert_eq!(reduced.constant, 5 + 2 + 3 * 4);
        assert!(reduced.instance.cast.is_empty());
        let solution = solve(&inst);
        assert_eq!(solution.cost, brute_force(&inst));
        assert_eq!(solution.order.len(), 5);
    }

    #[test]
    fn an_exhausted_search_reports_a_bound_and_no_proof() {
        let inst = instance(
            &[1, 1, 1, 1, 1, 1],
            &[4, 3, 2, 1],
            &[&[0, 1], &[1, 2], &[2, 3], &[0, 3], &[0, 2], &[1, 3]],
        );
        let solution = solve_with(&inst, Limits { max_states: 1 });
        assert!(!solution.optimal);
        assert!(solution.lower_bound <= brute_force(&inst));
        assert!(solution.cost >= brute_force(&inst));
    }
}
