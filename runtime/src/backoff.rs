//! Delays between attempts: a base that doubles with each attempt, up to a cap ([`doubled`]),
//! as the client's retries use it; and, for waiters, full jitter below that ceiling
//! ([`Backoff`], drawing from [`Jitter`]).

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// `base` doubled `times` times, at most `cap`; never overflows.
pub(crate) fn doubled(base: Duration, times: u32, cap: Duration) -> Duration {
    base.saturating_mul(1u32 << times.min(31)).min(cap)
}

/// The delays between polls: full jitter between `min` and a ceiling that doubles after each
/// poll, capped at `max`.
#[derive(Debug)]
pub(crate) struct Backoff {
    min: Duration,
    max: Duration,
    /// The ceiling is `min · 2^exponent`, capped.
    exponent: u32,
    jitter: Jitter,
}

impl Backoff {
    pub(crate) fn new(min: Duration, max: Duration, jitter: Jitter) -> Self {
        Backoff {
            min,
            max,
            exponent: 0,
            jitter,
        }
    }

    fn ceiling(&self) -> Duration {
        doubled(self.min, self.exponent, self.max)
    }

    /// The delay before the next poll. After throttling it is at least the ceiling a delay
    /// would have had, and the ceiling doubles once more.
    pub(crate) fn next(&mut self, throttled: bool) -> Duration {
        let floor = if throttled {
            let floor = self.ceiling();
            self.exponent = (self.exponent + 1).min(31);
            floor
        } else {
            self.min
        };
        let delay = self.jitter.between(floor, self.ceiling());
        self.exponent = (self.exponent + 1).min(31);
        delay
    }
}

/// A small PRNG (SplitMix64) for jitter: unpredictable enough to spread clients out, no
/// dependency, and seedable in tests.
#[derive(Debug)]
pub(crate) struct Jitter(pub(crate) u64);

impl Jitter {
    /// Seeded from the clock and a counter, so that waits started together differ.
    pub(crate) fn seeded() -> Self {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0);
        Jitter(nanos ^ COUNTER.fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed))
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A duration between `low` and `high`, both included (`low` if `high` is not above it).
    pub(crate) fn between(&mut self, low: Duration, high: Duration) -> Duration {
        if high <= low {
            return low;
        }
        let span = u64::try_from((high - low).as_nanos()).unwrap_or(u64::MAX);
        low + Duration::from_nanos(self.next_u64() % span.saturating_add(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(n: u64) -> Duration {
        Duration::from_secs(n)
    }

    #[test]
    fn doubling_is_capped_and_does_not_overflow() {
        let (base, cap) = (Duration::from_millis(100), Duration::from_millis(350));
        let delays: Vec<Duration> = (0..4).map(|times| doubled(base, times, cap)).collect();
        assert_eq!(delays, [100, 200, 350, 350].map(Duration::from_millis));
        assert_eq!(doubled(secs(1), u32::MAX, Duration::MAX), secs(1 << 31));
        assert_eq!(doubled(Duration::MAX, 5, Duration::MAX), Duration::MAX);
        assert_eq!(doubled(Duration::ZERO, 5, secs(1)), Duration::ZERO);
    }

    #[test]
    fn delays_grow_from_min_delay_doubling_with_jitter_within_bounds_and_capped() {
        let (min, max) = (Duration::from_millis(500), secs(10));
        for seed in 0..200 {
            let mut backoff = Backoff::new(min, max, Jitter(seed));
            let mut ceiling = min;
            for poll in 0..12 {
                let delay = backoff.next(false);
                assert!(
                    delay >= min && delay <= ceiling,
                    "seed {seed}, poll {poll}: {delay:?} outside {min:?}..={ceiling:?}"
                );
                ceiling = (ceiling * 2).min(max);
            }
        }
        // The first delay is exactly min_delay; later ones spread out over their range.
        let mut first = Backoff::new(min, max, Jitter(7));
        assert_eq!(first.next(false), min);
        let late: Vec<Duration> = (0..200)
            .map(|seed| {
                let mut backoff = Backoff::new(min, max, Jitter(seed));
                (0..10).map(|_| backoff.next(false)).last().unwrap()
            })
            .collect();
        assert!(
            late.iter().any(|d| *d < secs(3)) && late.iter().any(|d| *d > secs(8)),
            "{late:?}"
        );
    }

    #[test]
    fn a_throttled_delay_is_at_least_the_ceiling_and_doubles_it() {
        let (min, max) = (secs(1), secs(60));
        for seed in 0..200 {
            let mut backoff = Backoff::new(min, max, Jitter(seed));
            assert_eq!(backoff.next(false), secs(1));
            // Unthrottled, this delay would be within 1..=2 s.
            let delay = backoff.next(true);
            assert!((secs(2)..=secs(4)).contains(&delay), "{delay:?}");
            let delay = backoff.next(false);
            assert!((secs(1)..=secs(8)).contains(&delay), "{delay:?}");
        }
        // At the cap, throttling gives max_delay itself.
        let mut backoff = Backoff::new(min, secs(4), Jitter(1));
        for _ in 0..5 {
            backoff.next(false);
        }
        assert_eq!(backoff.next(true), secs(4));
    }

    #[test]
    fn jitter_stays_within_its_bounds_and_gives_low_when_there_is_no_room() {
        let mut jitter = Jitter(42);
        let (low, high) = (Duration::from_millis(10), Duration::from_millis(20));
        let drawn: Vec<Duration> = (0..500).map(|_| jitter.between(low, high)).collect();
        assert!(drawn.iter().all(|d| (low..=high).contains(d)), "{drawn:?}");
        assert!(
            drawn.iter().any(|d| *d < Duration::from_millis(12))
                && drawn.iter().any(|d| *d > Duration::from_millis(18))
        );
        assert_eq!(jitter.between(high, low), high);
        assert_eq!(jitter.between(low, low), low);
    }

    #[test]
    fn jitters_seeded_together_differ() {
        // Same clock reading or not, the counter sets the seeds apart, and SplitMix64 maps distinct
        // states to distinct outputs.
        assert_ne!(Jitter::seeded().next_u64(), Jitter::seeded().next_u64());
    }
}
