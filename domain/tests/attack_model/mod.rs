//! The attacker simulation's model, shared by the attack files: seeded random datasets of people
//! with record keys, categories, referrals and assessments, and the report a reader gets of them.
#![allow(dead_code)]

use std::collections::BTreeMap;

use askel_domain::disclosure::{Cell, Count, KEY_RANGE, share};

pub const THRESHOLD: i64 = 5;

/// xorshift64*: a small, seeded generator, so every run sees the same datasets.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

#[derive(Clone)]
pub struct Person {
    pub key: i64,
    pub project: usize,
    pub entry_day: u64,
    /// One category per partition: gender, labour market, education, EURA state, current step.
    pub categories: [u64; 5],
    /// Referral statuses: 0 sent, 1 accepted, 2 completed, 3 declined.
    pub referrals: Vec<u64>,
    /// Assessed at least twice: improved or not.
    pub assessed: Option<bool>,
}

pub const PARTITION_SIZES: [u64; 5] = [4, 3, 3, 3, 5];

/// 2–4 projects of 3–47 people each, entering on days `0..days`.
pub fn dataset(rng: &mut Rng, days: u64) -> Vec<Person> {
    let projects = 2 + rng.below(3) as usize;
    let mut people = Vec::new();
    for project in 0..projects {
        // Skewed categories, so small cells are common.
        let size = 3 + rng.below(45);
        for _ in 0..size {
            let categories = PARTITION_SIZES.map(|n| if rng.chance(60) { 0 } else { rng.below(n) });
            let referrals = (0..rng.below(3)).map(|_| rng.below(4)).collect();
            people.push(Person {
                key: i64::from(rng.next().to_le_bytes()[7]) % KEY_RANGE,
                project,
                entry_day: rng.below(days),
                categories,
                referrals,
                assessed: rng.chance(40).then(|| rng.chance(55)),
            });
        }
    }
    people
}

pub fn count<'a>(people: impl Iterator<Item = &'a Person>) -> Count {
    people.fold(Count::default(), |c, p| {
        Count::new(c.n + 1, c.key_sum + p.key)
    })
}

/// Referrals with one of `statuses`: each counts its person's key.
pub fn referral_count(people: &[&Person], statuses: &[u64]) -> Count {
    let mut c = Count::default();
    for p in people {
        for s in &p.referrals {
            if statuses.contains(s) {
                c = Count::new(c.n + 1, c.key_sum + p.key);
            }
        }
    }
    c
}

/// How a report publishes a cell.
pub type Publish<'a> = &'a dyn Fn(Count) -> Cell;

/// A report over some people, true counts beside what was published.
pub struct Report {
    pub total: (i64, Cell),
    pub partitions: Vec<Vec<(i64, Cell)>>,
    pub referrals: [(i64, Cell); 4],
    pub acceptance_rate: Option<f64>,
    pub assessed: (i64, Cell),
    pub improved: (i64, Cell),
    pub share_improved: Option<f64>,
}

pub fn report(people: &[&Person], publish: Publish<'_>) -> Report {
    let cell = |c: Count| (c.n, publish(c));
    let partitions = PARTITION_SIZES
        .iter()
        .enumerate()
        .map(|(i, n)| {
            (0..*n)
                .map(|v| {
                    cell(count(
                        people.iter().copied().filter(|p| p.categories[i] == v),
                    ))
                })
                .collect()
        })
        .collect();
    let referrals = [0, 1, 2, 3].map(|s| cell(referral_count(people, &[s])));
    let accepted = publish(referral_count(people, &[1, 2]));
    let answered = publish(referral_count(people, &[1, 2, 3]));
    let assessed = cell(count(
        people.iter().copied().filter(|p| p.assessed.is_some()),
    ));
    let improved = cell(count(
        people.iter().copied().filter(|p| p.assessed == Some(true)),
    ));
    Report {
        total: cell(count(people.iter().copied())),
        partitions,
        referrals,
        acceptance_rate: share(accepted, answered),
        share_improved: share(improved.1, assessed.1),
        assessed,
        improved,
    }
}

/// Attempts by attack: `(recovered, true)` for every value an attacker recovered where the
/// true count was a withheld-size one.
pub type Attempts = BTreeMap<&'static str, Vec<(i64, i64)>>;

pub fn small(v: i64) -> bool {
    (1..THRESHOLD).contains(&v)
}

impl Report {
    /// The total and every partition's cells, in one order.
    pub fn cells(&self) -> Vec<(i64, Cell)> {
        std::iter::once(self.total)
            .chain(self.partitions.iter().flatten().copied())
            .collect()
    }
}

pub fn success_rate(tries: &[(i64, i64)]) -> f64 {
    #[allow(clippy::cast_precision_loss)]
    let rate = tries.iter().filter(|(r, t)| r == t).count() as f64 / tries.len() as f64;
    rate
}
