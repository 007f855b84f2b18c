//! Small-number protection for figures shown to those without access to personal data
//! (funders, steering groups, reporters): a count from 1 to `threshold − 1` is withheld, and so
//! is whatever would let it be recomputed from a total.

/// One figure, or the fact it is withheld.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell {
    /// Shown.
    Shown(i64),
    /// Withheld.
    Suppressed,
}

impl Cell {
    /// The value, if shown.
    pub fn value(self) -> Option<i64> {
        match self {
            Self::Shown(v) => Some(v),
            Self::Suppressed => None,
        }
    }
}

/// The protection rule: counts in `1..threshold` are withheld (0 reveals no one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Protection {
    /// The smallest count shown; 5 withholds 1 to 4.
    pub threshold: i64,
}

impl Protection {
    fn small(self, v: i64) -> bool {
        v > 0 && v < self.threshold
    }

    /// Protects one row: its parts (e.g. by gender) and their total. A small part is withheld;
    /// if only one part is withheld while the total is shown, the smallest other non-zero part is
    /// withheld too, so the first cannot be recomputed; a small total withholds every part.
    pub fn row(self, parts: &[i64], total: i64) -> (Vec<Cell>, Cell) {
        if self.small(total) {
            return (
                parts
                    .iter()
                    .map(|p| {
                        if *p == 0 {
                            Cell::Shown(0)
                        } else {
                            Cell::Suppressed
                        }
                    })
                    .collect(),
                Cell::Suppressed,
            );
        }
        let mut cells: Vec<Cell> = parts
            .iter()
            .map(|p| {
                if self.small(*p) {
                    Cell::Suppressed
                } else {
                    Cell::Shown(*p)
                }
            })
            .collect();
        let withheld = cells.iter().filter(|c| **c == Cell::Suppressed).count();
        if withheld == 1 {
            let next = parts
                .iter()
                .enumerate()
                .filter(|(i, p)| cells[*i] != Cell::Suppressed && **p > 0)
                .min_by_key(|(_, p)| **p)
                .map(|(i, _)| i);
            if let Some(i) = next {
                cells[i] = Cell::Suppressed;
            }
        }
        (cells, Cell::Shown(total))
    }

    /// A single count.
    pub fn single(self, v: i64) -> Cell {
        if self.small(v) {
            Cell::Suppressed
        } else {
            Cell::Shown(v)
        }
    }
}

/// `part / whole`, rounded to four decimals; none when either is withheld or the whole is 0.
pub fn share(part: Cell, whole: Cell) -> Option<f64> {
    match (part, whole) {
        (Cell::Shown(p), Cell::Shown(w)) if w > 0 => {
            // Counts of people are far inside f64's exact range.
            #[allow(clippy::cast_precision_loss)]
            let s = p as f64 / w as f64;
            Some((s * 10_000.0).round() / 10_000.0)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Cell::{Shown, Suppressed};

    const P: Protection = Protection { threshold: 5 };

    #[test]
    fn small_counts_are_withheld_and_zero_is_shown() {
        assert_eq!(P.single(0), Shown(0));
        assert_eq!(P.single(1), Suppressed);
        assert_eq!(P.single(4), Suppressed);
        assert_eq!(P.single(5), Shown(5));
    }

    #[test]
    fn a_lone_withheld_part_takes_the_smallest_other_part_with_it() {
        // female 12, male 3, non-binary 0, not stated 7; total 22.
        let (cells, total) = P.row(&[12, 3, 0, 7], 22);
        assert_eq!(cells, [Shown(12), Suppressed, Shown(0), Suppressed]);
        assert_eq!(total, Shown(22));
    }

    #[test]
    fn two_withheld_parts_protect_each_other() {
        let (cells, total) = P.row(&[20, 2, 1, 9], 32);
        assert_eq!(cells, [Shown(20), Suppressed, Suppressed, Shown(9)]);
        assert_eq!(total, Shown(32));
    }

    #[test]
    fn a_small_total_withholds_the_row() {
        let (cells, total) = P.row(&[3, 0, 0, 0], 3);
        assert_eq!(
            (cells, total),
            (vec![Suppressed, Shown(0), Shown(0), Shown(0)], Suppressed)
        );
    }

    #[test]
    fn large_counts_pass_untouched() {
        let (cells, total) = P.row(&[60, 40, 0, 0], 100);
        assert_eq!(
            (cells, total),
            (vec![Shown(60), Shown(40), Shown(0), Shown(0)], Shown(100))
        );
    }

    #[test]
    fn shares_follow_their_parts() {
        assert_eq!(share(Shown(1), Shown(3)), Some(0.3333));
        assert_eq!(share(Suppressed, Shown(30)), None);
        assert_eq!(share(Shown(0), Shown(0)), None);
    }
}
