//! The ready-to-run check, before the warm-up: a sore knee today means no
//! run today. It is not a session, not red, and uses no run day.

use super::{Counts, Fact};
use crate::program::Rules;

/// The runner's usual pain before a run: the median of the last
/// `usual_runs` befores of this program's runs (the lower middle of an
/// even count), or None before the first run.
pub fn usual_before(facts: &[Fact], rules: &Rules) -> Option<u8> {
    let mut befores: Vec<u8> = facts
        .iter()
        .rev()
        .filter_map(|fact| match fact {
            Fact::Run(run) if run.counts != Counts::OtherProgram => Some(run.before),
            _ => None,
        })
        .take(rules.usual_runs.max(1) as usize)
        .collect();
    if befores.is_empty() {
        return None;
    }
    befores.sort_unstable();
    Some(befores[(befores.len() - 1) / 2])
}

/// Why there is no run today, or None when the knee is ready.
pub fn not_ready(before: u8, usual: Option<u8>, rules: &Rules, site: &str) -> Option<String> {
    if before >= rules.ready_pain {
        return Some(format!(
            "{site} pain {before}/10 before the run (a run needs less than {}/10)",
            rules.ready_pain
        ));
    }
    let usual = usual?;
    let rise = before.saturating_sub(usual);
    (rise > rules.ready_max_rise).then(|| {
        format!(
            "{site} pain {before}/10 before the run, {rise} above your usual {usual}/10 (a run needs no more than {} above)",
            rules.ready_max_rise
        )
    })
}
