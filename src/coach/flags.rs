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
/// order it is shown: the nine of every site, then the site's own.
pub fn red_flags(site: &str) -> Vec<RedFlag> {
    let mut flags = every_site(site);
    flags.extend(own_flags(site));
    flags
}

fn flag(shown: impl Into<String>, fact: impl Into<String>) -> RedFlag {
    RedFlag {
        shown: shown.into(),
        fact: fact.into(),
    }
}

/// The plantar fascia's site, however the program names it.
pub fn is_heel(site: &str) -> bool {
    let site = site.to_lowercase();
    site.contains("heel") || site.contains("plantar")
}

/// The signs of one site beyond the common nine: a torn tendon, a torn
/// fascia, a fracture or a compartment syndrome at the shin.
fn own_flags(site: &str) -> Vec<RedFlag> {
    let site = site.to_lowercase();
    if site.contains("achilles") {
        vec![flag(
            "a sudden snap or kick at the back of the heel, or a gap you can feel in the tendon",
            "a snap or a gap in the Achilles tendon",
        )]
    } else if is_heel(&site) {
        vec![flag(
            "a sudden pop under the heel, then bruising or swelling of the sole",
            "a pop under the heel with bruising or swelling",
        )]
    } else if site.contains("shin") || site.contains("tibia") {
        vec![
            flag(
                "pain at the front of the shin's middle, on one spot",
                "pain on one spot at the front of the shin",
            ),
            flag(
                "a tight, numb or weak lower leg while running that goes only after stopping",
                "a tight, numb or weak lower leg while running",
            ),
        ]
    } else {
        Vec::new()
    }
}

fn every_site(site: &str) -> Vec<RedFlag> {
    vec![
        flag(
            format!("the {site} locked or gave way"),
            format!("the {site} locked or gave way"),
        ),
        flag(
            "you cannot put your weight on it",
            format!("could not bear weight on the {site}"),
        ),
        flag(
            "hot, red swelling",
            format!("hot, red swelling of the {site}"),
        ),
        flag(
            "fever, or feeling unwell, with a swollen joint",
            "fever or feeling unwell with a swollen joint",
        ),
        flag(
            "pain at night or at rest",
            format!("{site} pain at night or at rest"),
        ),
        flag(
            format!("you cannot straighten or bend the {site} fully"),
            format!("could not straighten or bend the {site} fully"),
        ),
        flag("pain or swelling in the calf", "calf pain or swelling"),
        flag("numbness or tingling", "numbness or tingling"),
        flag(
            "pain on one spot of bone that grows with every step or on hopping",
            "pain on one spot of bone",
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
        assert_eq!(flags.len(), 10);
        assert!(flags.iter().all(|f| !f.shown.contains("knee")));
        assert_eq!(flags[0].fact, "the Achilles locked or gave way");
        assert!(question("heel").contains("heel"));
    }

    #[test]
    fn each_site_adds_its_own_signs_after_the_nine() {
        let cases = [
            ("knee", 9, None),
            (
                "Achilles",
                10,
                Some("a snap or a gap in the Achilles tendon"),
            ),
            (
                "heel",
                10,
                Some("a pop under the heel with bruising or swelling"),
            ),
            (
                "shin",
                11,
                Some("a tight, numb or weak lower leg while running"),
            ),
        ];
        for (site, count, last) in cases {
            let flags = red_flags(site);
            assert_eq!(flags.len(), count, "{site}");
            if let Some(last) = last {
                assert_eq!(flags[count - 1].fact, last, "{site}");
            }
        }
    }
}
