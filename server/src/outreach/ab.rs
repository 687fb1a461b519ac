//! A/B testing of campaign messages (FORM-3): which variant the next prospect receives, and
//! which variant is winning.
//!
//! Variants are first sent evenly until each has a minimum sample, so early luck cannot bury a
//! variant; then Thompson sampling sends more of what answers best while still trying the
//! others in proportion to the chance that they are in fact better. Pure: randomness comes from
//! the caller's generator, so tests are seeded.

use rand::Rng;

/// Draws used by [`leader`]: enough for a probability stable to about ±0.01.
const LEADER_DRAWS: u32 = 10_000;

/// What is known of one message variant of a campaign.
#[derive(Debug, Clone, PartialEq)]
pub struct VariantStats {
    pub id: i64,
    /// Forms submitted with this variant.
    pub sent: u32,
    /// Positive replies among them.
    pub positive: u32,
    /// A stopped variant keeps its statistics but receives no more prospects.
    pub active: bool,
}

impl VariantStats {
    /// The posterior of the reply rate under a uniform prior: Beta(1 + positive, 1 + failures).
    /// More positives than sends (a reply counted twice) is read as all positive.
    fn posterior(&self) -> (f64, f64) {
        let positive = self.positive.min(self.sent);
        (1.0 + f64::from(positive), 1.0 + f64::from(self.sent - positive))
    }

    fn draw<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        let (alpha, beta) = self.posterior();
        sample_beta(alpha, beta, rng)
    }
}

/// The variant for the next prospect, `None` when no variant is active.
///
/// While an active variant has fewer than `min_sample` sends, the active variant with the fewest
/// sends is chosen (lowest id on a tie), which deals prospects out in turn. Once all have their
/// sample, Thompson sampling: one draw from each variant's Beta posterior, the highest wins.
pub fn choose_variant<R: Rng + ?Sized>(stats: &[VariantStats], min_sample: u32, rng: &mut R) -> Option<i64> {
    let active: Vec<&VariantStats> = stats.iter().filter(|variant| variant.active).collect();
    if active.iter().any(|variant| variant.sent < min_sample) {
        return active.iter().min_by_key(|variant| (variant.sent, variant.id)).map(|variant| variant.id);
    }
    best_draw(&active, rng)
}

/// The variant whose posterior draw is highest (`None` for no variant).
fn best_draw<R: Rng + ?Sized>(variants: &[&VariantStats], rng: &mut R) -> Option<i64> {
    variants
        .iter()
        .map(|variant| (variant.id, variant.draw(rng)))
        .max_by(|(_, a), (_, b)| a.total_cmp(b))
        .map(|(id, _)| id)
}

/// For each active variant, in the order given, the Monte-Carlo probability (over `draws`
/// joint posterior draws) that its reply rate is the best. Sums to 1; with no draw the
/// variants are equally likely.
pub fn win_probabilities<R: Rng + ?Sized>(stats: &[VariantStats], draws: u32, rng: &mut R) -> Vec<(i64, f64)> {
    let active: Vec<&VariantStats> = stats.iter().filter(|variant| variant.active).collect();
    if draws == 0 {
        let even = 1.0 / active.len() as f64;
        return active.iter().map(|variant| (variant.id, even)).collect();
    }
    let mut wins = vec![0u32; active.len()];
    for _ in 0..draws {
        let winner = active
            .iter()
            .enumerate()
            .map(|(index, variant)| (index, variant.draw(rng)))
            .max_by(|(_, a), (_, b)| a.total_cmp(b))
            .map(|(index, _)| index);
        if let Some(index) = winner {
            wins[index] += 1;
        }
    }
    active.iter().zip(wins).map(|(variant, won)| (variant.id, f64::from(won) / f64::from(draws))).collect()
}

/// The variant most likely to be the best, with that probability, once every active variant has
/// `min_sample` sends; `None` before (too early to call) or without an active variant.
pub fn leader<R: Rng + ?Sized>(stats: &[VariantStats], min_sample: u32, rng: &mut R) -> Option<(i64, f64)> {
    let active = stats.iter().filter(|variant| variant.active);
    if active.clone().next().is_none() || active.clone().any(|variant| variant.sent < min_sample) {
        return None;
    }
    win_probabilities(stats, LEADER_DRAWS, rng)
        .into_iter()
        .max_by(|(id_a, a), (id_b, b)| a.total_cmp(b).then(id_b.cmp(id_a)))
}

/// A generator seeded by the variants' counts (FNV-1a over id, sends, positives, active), for
/// figures shown to people: the same counts give the same probabilities in every process, so a
/// page's figures change only when the campaign does. Choosing the next variant keeps a fresh
/// generator.
pub fn rng_for_figures(stats: &[VariantStats]) -> rand::rngs::StdRng {
    use rand::SeedableRng;
    let seed = stats.iter().fold(0xcbf2_9ce4_8422_2325_u64, |hash, variant| {
        [variant.id as u64, u64::from(variant.sent), u64::from(variant.positive), u64::from(variant.active)]
            .into_iter()
            .flat_map(u64::to_le_bytes)
            .fold(hash, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3))
    });
    rand::rngs::StdRng::seed_from_u64(seed)
}

/// A uniform draw in (0, 1], safe for `ln`.
fn open_unit<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    1.0 - rng.random::<f64>()
}

/// A standard normal draw (Box–Muller; the second value of the pair is not kept).
fn sample_normal<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    let radius = (-2.0 * open_unit(rng).ln()).sqrt();
    let angle = std::f64::consts::TAU * rng.random::<f64>();
    radius * angle.cos()
}

/// A Gamma(`shape`, 1) draw, Marsaglia–Tsang. Shapes below 1 use the boost
/// Gamma(a) = Gamma(a + 1) · U^(1/a). A non-positive or non-finite shape gives 0.
fn sample_gamma<R: Rng + ?Sized>(shape: f64, rng: &mut R) -> f64 {
    if !(shape.is_finite() && shape > 0.0) {
        return 0.0;
    }
    if shape < 1.0 {
        return sample_gamma(shape + 1.0, rng) * open_unit(rng).powf(1.0 / shape);
    }
    let d = shape - 1.0 / 3.0;
    let c = 1.0 / (9.0 * d).sqrt();
    loop {
        let x = sample_normal(rng);
        let v = 1.0 + c * x;
        if v <= 0.0 {
            continue;
        }
        let v = v * v * v;
        let u = open_unit(rng);
        if u < 1.0 - 0.0331 * x.powi(4) || u.ln() < 0.5 * x * x + d * (1.0 - v + v.ln()) {
            return d * v;
        }
    }
}

/// A Beta(`alpha`, `beta`) draw as X / (X + Y) with X ~ Gamma(alpha), Y ~ Gamma(beta).
fn sample_beta<R: Rng + ?Sized>(alpha: f64, beta: f64, rng: &mut R) -> f64 {
    let x = sample_gamma(alpha, rng);
    let y = sample_gamma(beta, rng);
    if x + y > 0.0 { x / (x + y) } else { 0.5 }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    fn rng() -> StdRng {
        StdRng::seed_from_u64(20_261_125)
    }

    #[test]
    fn figures_are_the_same_for_the_same_counts_and_move_with_them() {
        let stats = [variant(1, 120, 9), variant(2, 118, 12), variant(3, 121, 10)];
        let once = win_probabilities(&stats, 4000, &mut rng_for_figures(&stats));
        let again = win_probabilities(&stats, 4000, &mut rng_for_figures(&stats));
        assert_eq!(once, again, "same counts, same figures");
        let moved = [variant(1, 121, 9), variant(2, 118, 12), variant(3, 121, 10)];
        assert_ne!(
            rng_for_figures(&stats).random::<u64>(),
            rng_for_figures(&moved).random::<u64>(),
            "one more send reseeds"
        );
    }

    fn variant(id: i64, sent: u32, positive: u32) -> VariantStats {
        VariantStats { id, sent, positive, active: true }
    }

    fn mean_and_variance(samples: &[f64]) -> (f64, f64) {
        let n = samples.len() as f64;
        let mean = samples.iter().sum::<f64>() / n;
        let variance = samples.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n;
        (mean, variance)
    }

    // ---- sampling ----

    #[test]
    fn normal_draws_are_standard() {
        let mut rng = rng();
        let samples: Vec<f64> = (0..50_000).map(|_| sample_normal(&mut rng)).collect();
        let (mean, variance) = mean_and_variance(&samples);
        assert!(mean.abs() < 0.02, "mean {mean}");
        assert!((variance - 1.0).abs() < 0.03, "variance {variance}");
    }

    #[test]
    fn gamma_draws_have_the_right_mean_and_variance() {
        let mut rng = rng();
        // Gamma(k, 1): mean k, variance k. 0.5 exercises the small-shape boost.
        for shape in [0.5, 1.0, 3.0, 31.0] {
            let samples: Vec<f64> = (0..40_000).map(|_| sample_gamma(shape, &mut rng)).collect();
            assert!(samples.iter().all(|x| *x >= 0.0 && x.is_finite()));
            let (mean, variance) = mean_and_variance(&samples);
            assert!((mean - shape).abs() < 0.03 * shape.max(1.0), "shape {shape}: mean {mean}");
            assert!((variance - shape).abs() < 0.08 * shape.max(1.0), "shape {shape}: variance {variance}");
        }
        assert_eq!(sample_gamma(0.0, &mut rng), 0.0);
        assert_eq!(sample_gamma(f64::NAN, &mut rng), 0.0);
    }

    #[test]
    fn beta_draws_have_the_right_mean_and_variance() {
        let mut rng = rng();
        for (alpha, beta) in [(1.0, 1.0), (2.0, 5.0), (31.0, 71.0), (6.0, 96.0)] {
            let samples: Vec<f64> = (0..40_000).map(|_| sample_beta(alpha, beta, &mut rng)).collect();
            assert!(samples.iter().all(|x| (0.0..=1.0).contains(x)));
            let (mean, variance) = mean_and_variance(&samples);
            let total: f64 = alpha + beta;
            let expected_mean = alpha / total;
            let expected_variance = alpha * beta / (total * total * (total + 1.0));
            assert!((mean - expected_mean).abs() < 0.005, "Beta({alpha}, {beta}): mean {mean}");
            assert!(
                (variance - expected_variance).abs() < 0.1 * expected_variance,
                "Beta({alpha}, {beta}): variance {variance} instead of {expected_variance}"
            );
        }
    }

    // ---- choice ----

    #[test]
    fn no_active_variant_no_choice() {
        let mut rng = rng();
        assert_eq!(choose_variant(&[], 10, &mut rng), None);
        let stopped =
            [VariantStats { active: false, ..variant(1, 0, 0) }, VariantStats { active: false, ..variant(2, 50, 9) }];
        assert_eq!(choose_variant(&stopped, 10, &mut rng), None);
        assert_eq!(choose_variant(&stopped, 0, &mut rng), None);
    }

    #[test]
    fn before_the_sample_prospects_are_dealt_in_turn() {
        let mut rng = rng();
        let mut stats = vec![variant(7, 0, 0), variant(3, 0, 0), variant(5, 0, 0)];
        let mut order = Vec::new();
        for _ in 0..30 {
            let id = choose_variant(&stats, 10, &mut rng).unwrap();
            order.push(id);
            stats.iter_mut().find(|variant| variant.id == id).unwrap().sent += 1;
        }
        assert_eq!(&order[..6], &[3, 5, 7, 3, 5, 7]);
        assert!(stats.iter().all(|variant| variant.sent == 10), "{stats:?}");
    }

    #[test]
    fn before_the_sample_the_least_sent_variant_goes_first_whatever_the_results() {
        let mut rng = rng();
        // Variant 1 answers far better, but variant 2 has not had its sample yet.
        let stats = [variant(1, 40, 20), variant(2, 12, 0), variant(3, 12, 0)];
        assert_eq!(choose_variant(&stats, 30, &mut rng), Some(2));
        // A newly added variant catches up.
        let stats = [variant(1, 40, 20), variant(2, 40, 1), variant(3, 0, 0)];
        assert_eq!(choose_variant(&stats, 30, &mut rng), Some(3));
    }

    #[test]
    fn after_the_sample_the_clearly_better_variant_is_mostly_chosen() {
        let mut rng = rng();
        let stats = [variant(1, 100, 5), variant(2, 100, 30)];
        let chosen_2 = (0..1000).filter(|_| choose_variant(&stats, 50, &mut rng) == Some(2)).count();
        assert!(chosen_2 > 900, "variant 2 chosen {chosen_2} times out of 1000");
    }

    #[test]
    fn after_the_sample_close_variants_are_both_still_tried() {
        let mut rng = rng();
        let stats = [variant(1, 100, 10), variant(2, 100, 11)];
        let chosen_1 = (0..1000).filter(|_| choose_variant(&stats, 50, &mut rng) == Some(1)).count();
        assert!((250..750).contains(&chosen_1), "variant 1 chosen {chosen_1} times out of 1000");
    }

    #[test]
    fn a_stopped_variant_is_never_chosen() {
        let mut rng = rng();
        // Stopped with the best results and the fewest sends: it would win either way.
        let stats = [VariantStats { active: false, ..variant(1, 0, 0) }, variant(2, 10, 0), variant(3, 20, 1)];
        for min_sample in [0, 15, 100] {
            for _ in 0..300 {
                let chosen = choose_variant(&stats, min_sample, &mut rng);
                assert!(matches!(chosen, Some(2 | 3)), "{chosen:?}");
            }
        }
        let stats = [VariantStats { active: false, ..variant(1, 100, 90) }, variant(2, 100, 1)];
        assert!((0..300).all(|_| choose_variant(&stats, 10, &mut rng) == Some(2)));
    }

    #[test]
    fn more_positives_than_sends_does_not_break_the_draw() {
        let mut rng = rng();
        let stats = [variant(1, 5, 9), variant(2, 5, 0)];
        assert!(choose_variant(&stats, 5, &mut rng).is_some());
        assert_eq!(stats[0].posterior(), (6.0, 1.0));
    }

    // ---- reporting ----

    #[test]
    fn win_probabilities_sum_to_one_and_favour_the_better_variant() {
        let mut rng = rng();
        let stats = [variant(1, 100, 5), VariantStats { active: false, ..variant(9, 100, 60) }, variant(2, 100, 30)];
        let probabilities = win_probabilities(&stats, 5000, &mut rng);
        assert_eq!(probabilities.iter().map(|(id, _)| *id).collect::<Vec<_>>(), vec![1, 2]);
        let total: f64 = probabilities.iter().map(|(_, p)| p).sum();
        assert!((total - 1.0).abs() < 1e-9);
        assert!(probabilities[1].1 > 0.99, "{probabilities:?}");
    }

    #[test]
    fn identical_variants_are_equally_likely_to_win() {
        let mut rng = rng();
        let stats = [variant(1, 200, 20), variant(2, 200, 20), variant(3, 200, 20)];
        for (id, probability) in win_probabilities(&stats, 9000, &mut rng) {
            assert!((probability - 1.0 / 3.0).abs() < 0.03, "{id}: {probability}");
        }
        let even = win_probabilities(&stats, 0, &mut rng);
        assert!(even.iter().all(|(_, p)| (*p - 1.0 / 3.0).abs() < 1e-12));
        assert!(win_probabilities(&[], 100, &mut rng).is_empty());
    }

    #[test]
    fn no_leader_before_every_active_variant_has_its_sample() {
        let mut rng = rng();
        let stats = [variant(1, 100, 30), variant(2, 40, 1)];
        assert_eq!(leader(&stats, 50, &mut rng), None);
        assert_eq!(leader(&[], 0, &mut rng), None);
        let stopped = [VariantStats { active: false, ..variant(1, 100, 30) }];
        assert_eq!(leader(&stopped, 0, &mut rng), None);
    }

    #[test]
    fn the_leader_is_the_most_probable_winner() {
        let mut rng = rng();
        // The stopped variant 3 had too few sends; it does not hold the leader back.
        let stats = [variant(1, 100, 5), variant(2, 100, 30), VariantStats { active: false, ..variant(3, 4, 0) }];
        let (id, probability) = leader(&stats, 50, &mut rng).unwrap();
        assert_eq!(id, 2);
        assert!(probability > 0.99, "{probability}");
    }
}
