//! Percentages of one total that add up to exactly 100,00%.

/// Shares of `counts` in their total, in hundredths of a percent (2083 = 20,83%), rounded by
/// the largest-remainder method so that they sum to 10 000 whenever the total is not zero.
/// Ties go to the earlier count, so the result is deterministic.
pub fn shares(counts: &[usize]) -> Vec<i64> {
    let total: u128 = counts.iter().map(|&c| c as u128).sum();
    if total == 0 {
        return vec![0; counts.len()];
    }
    let scaled: Vec<u128> = counts.iter().map(|&c| c as u128 * 10_000).collect();
    let mut floors: Vec<i64> = scaled.iter().map(|s| (s / total) as i64).collect();
    let remainders: Vec<u128> = scaled.iter().map(|s| s % total).collect();
    let missing = 10_000 - floors.iter().sum::<i64>();
    let mut order: Vec<usize> = (0..counts.len()).collect();
    order.sort_by(|&a, &b| remainders[b].cmp(&remainders[a]).then(a.cmp(&b)));
    for &i in order.iter().take(missing as usize) {
        floors[i] += 1;
    }
    floors
}

/// One count's share of a total that stands alone (not part of a partition), rounded half up.
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
    fn thirds_add_up() {
        assert_eq!(shares(&[1, 1, 1]), [3334, 3333, 3333]);
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
