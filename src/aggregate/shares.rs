//! Percentages a reader can check: each the rounded exact share of its count.

/// Shares of `counts` in their total, in hundredths of a percent (2083 = 20,83%): each its own
/// count's exact share rounded half up, so that a reader with a calculator finds every figure,
/// and equal counts always show equal shares. The shares of one total may then add up to
/// 99,99% or 100,01%; the total row of a table says 100,00% (the total's share of itself), and
/// the report says the shares are rounded.
pub fn shares(counts: &[usize]) -> Vec<i64> {
    let total: usize = counts.iter().sum();
    counts.iter().map(|&c| share_of(c, total)).collect()
}

/// One count's share of a total, rounded half up.
pub fn share_of(count: usize, total: usize) -> i64 {
    if total == 0 {
        return 0;
    }
    ((count as u128 * 20_000 + total as u128) / (2 * total as u128)) as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_002_figures() {
        // 105 / 35 / 23 / 5 of 168 (the seed's own figures, with its remainder made explicit).
        let s = shares(&[105, 35, 23, 5]);
        assert_eq!(s.iter().sum::<i64>(), 10_000);
        assert_eq!(s, [6250, 2083, 1369, 298]);
    }

    #[test]
    fn equal_counts_show_equal_shares() {
        // The cases of the issue: 4 of 12 twice, 1 of 6 twice, 4 of 26.
        assert_eq!(shares(&[4, 4, 4]), [3333, 3333, 3333]);
        assert_eq!(shares(&[1, 1, 4]), [1667, 1667, 6667]);
        assert_eq!(shares(&[4, 22]), [1538, 8462]);
        assert_eq!(shares(&[0, 0]), [0, 0]);
        assert_eq!(shares(&[7]), [10_000]);
    }

    #[test]
    fn standalone_share() {
        assert_eq!(share_of(1, 3), 3333);
        assert_eq!(share_of(2, 3), 6667);
        assert_eq!(share_of(0, 0), 0);
    }
}
