//! The red flags: signs that are not for a running program to manage. They
//! are asked after every run and with the morning question, whatever the
//! pain, and any yes stops the program.

/// One sign: how the list shows it, and the fact a yes records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RedFlag {
    pub shown: String,
    pub fact: String,
}

/// The list for a pain site ("knee", "Achilles", "heel", "shin"), in the
/// order it is shown.
pub fn red_flags(site: &str) -> Vec<RedFlag> {
    let flag = |shown: String, fact: String| RedFlag { shown, fact };
    vec![
        flag(
            format!("the {site} locked or gave way"),
            format!("the {site} locked or gave way"),
        ),
        flag(
            "you cannot put your weight on it".into(),
            format!("could not bear weight on the {site}"),
        ),
        flag(
            "hot, red swelling".into(),
            format!("hot, red swelling of the {site}"),
        ),
        flag(
            "fever, or feeling unwell, with a swollen joint".into(),
            "fever or feeling unwell with a swollen joint".into(),
        ),
        flag(
            "pain at night or at rest".into(),
            format!("{site} pain at night or at rest"),
        ),
        flag(
            format!("you cannot straighten or bend the {site} fully"),
            format!("could not straighten or bend the {site} fully"),
        ),
        flag(
            "pain or swelling in the calf".into(),
            "calf pain or swelling".into(),
        ),
        flag("numbness or tingling".into(), "numbness or tingling".into()),
        flag(
            "pain on one spot of bone that grows with every step or on hopping".into(),
            "pain on one spot of bone".into(),
        ),
    ]
}

/// The one question before the list.
pub fn question(site: &str) -> String {
    format!("Any of these now, at the {site} or the leg?")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nine_flags_that_name_the_site_and_never_the_knee_by_default() {
        let flags = red_flags("Achilles");
        assert_eq!(flags.len(), 9);
        assert!(flags.iter().all(|f| !f.shown.contains("knee")));
        assert_eq!(flags[0].fact, "the Achilles locked or gave way");
        assert!(question("heel").contains("heel"));
    }
}
