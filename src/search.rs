//! Finding people (issue 4 §3): by name, by pinyin initials (王大爷 → wdy,
//! every reading of a character with several), by the tail of an ID number or
//! phone. Pure: the caller passes the residents to search.

use crate::domain::model::{Resident, Township};
use pinyin::ToPinyinMulti;

/// How a resident matched, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MatchKind {
    ExactName,
    NamePrefix,
    NameContains,
    /// Every character by its usual reading.
    Initials,
    InitialsPrefix,
    /// Some character by another of its readings (单 as shan, 曾 as ceng).
    InitialsOtherReading,
    InitialsOtherReadingPrefix,
    IdTail,
    PhoneTail,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub resident_id: i64,
    pub household_id: i64,
    pub how: MatchKind,
}

/// The possible initial letters of each character of `name` (lower case), the
/// usual reading's first. Characters with several readings give each one's initial (单: d, s, c);
/// a letter or digit stands for itself; characters without a reading give none.
pub fn initials(name: &str) -> Vec<Vec<char>> {
    name.chars()
        .zip(name.to_pinyin_multi())
        .map(|(c, multi)| match multi {
            Some(m) => {
                let mut v: Vec<char> = Vec::new();
                for c in m.into_iter().filter_map(|p| p.plain().chars().next()) {
                    if !v.contains(&c) {
                        v.push(c);
                    }
                }
                v
            }
            None if c.is_ascii_alphanumeric() => vec![c.to_ascii_lowercase()],
            None => Vec::new(),
        })
        .collect()
}

/// How `query` (letters) matches the initials of a name, if it does.
fn initials_match(query: &str, sets: &[Vec<char>]) -> Option<MatchKind> {
    let q: Vec<char> = query.chars().collect();
    if q.is_empty() || q.len() > sets.len() || !q.iter().zip(sets).all(|(c, set)| set.contains(c)) {
        return None;
    }
    let usual = q.iter().zip(sets).all(|(c, set)| set.first() == Some(c));
    Some(match (usual, q.len() == sets.len()) {
        (true, true) => MatchKind::Initials,
        (true, false) => MatchKind::InitialsPrefix,
        (false, true) => MatchKind::InitialsOtherReading,
        (false, false) => MatchKind::InitialsOtherReadingPrefix,
    })
}

/// Residents matching `query`, ranked (best first, then by name), at most `limit`.
pub fn search(t: &Township, query: &str, limit: usize) -> Vec<Hit> {
    let q = query.trim();
    if q.is_empty() {
        return Vec::new();
    }
    let letters = q.chars().all(|c| c.is_ascii_alphabetic());
    let ql = q.to_ascii_lowercase();
    let digits = q
        .chars()
        .all(|c| c.is_ascii_digit() || c == 'x' || c == 'X');
    let mut hits: Vec<(MatchKind, &Resident)> = Vec::new();
    for m in t.households.iter().flat_map(|h| &h.members) {
        let how = if m.name == q {
            Some(MatchKind::ExactName)
        } else if m.name.starts_with(q) {
            Some(MatchKind::NamePrefix)
        } else if m.name.contains(q) {
            Some(MatchKind::NameContains)
        } else if letters {
            initials_match(&ql, &initials(&m.name))
        } else if digits && q.len() >= 3 && m.id_number.ends_with(&q.to_ascii_uppercase()) {
            Some(MatchKind::IdTail)
        } else if digits && q.len() >= 3 && m.phone.as_deref().is_some_and(|p| p.ends_with(q)) {
            Some(MatchKind::PhoneTail)
        } else {
            None
        };
        if let Some(how) = how {
            hits.push((how, m));
        }
    }
    // active residents before inactive ones of the same rank
    hits.sort_by(|a, b| {
        (a.0, !a.1.status.is_active(), &a.1.name, a.1.id).cmp(&(
            b.0,
            !b.1.status.is_active(),
            &b.1.name,
            b.1.id,
        ))
    });
    hits.into_iter()
        .take(limit)
        .map(|(how, m)| Hit {
            resident_id: m.id,
            household_id: m.household_id,
            how,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Initials of names, every reading of the polyphonic surnames among them.
    #[test]
    fn initials_table() {
        let cases: &[(&str, &str, bool)] = &[
            ("王大爷", "wdy", true),
            ("王大爷", "wd", true),
            ("王大爷", "wdx", false),
            ("单丽", "dl", true),
            ("单丽", "sl", true),
            ("曾国强", "zgq", true),
            ("曾国强", "cgq", true),
            ("解福生", "jfs", true),
            ("解福生", "xfs", true),
            ("区明", "qm", true),
            ("区明", "om", true),
            ("重阳", "zy", true),
            ("重阳", "cy", true),
            ("仇英", "cy", true),
            ("仇英", "qy", true),
            ("朴树", "ps", true),
            ("查玉兰", "cyl", true),
            ("查玉兰", "zyl", true),
            ("欧阳春花", "oych", true),
            ("李秀英", "wxy", false),
        ];
        for (name, q, want) in cases {
            assert_eq!(
                initials_match(q, &initials(name)).is_some(),
                *want,
                "{name} ~ {q}: {:?}",
                initials(name)
            );
        }
    }
}

#[cfg(test)]
mod ranking {
    use super::*;
    use crate::domain::testkit::{household, resident};

    fn town(names: &[(&str, &str, &str)]) -> Township {
        let members = names
            .iter()
            .enumerate()
            .map(|(i, (name, id, phone))| {
                let mut r = resident(i as i64 + 1, 1, name, "1960-01-01");
                r.id_number = id.to_string();
                r.phone = Some(phone.to_string());
                r
            })
            .collect();
        Township {
            households: vec![household(1, members)],
            ..Township::default()
        }
    }

    /// Ranked: exact name, prefix, usual-reading initials, other readings, ID tail, phone tail.
    #[test]
    fn ranking_table() {
        let t = town(&[
            ("丁春生", "360425196001010011", "13800000001"),
            ("朱春生", "360425196001010027", "13800000002"),
            ("王大爷", "11010519491231002X", "13807921111"),
            ("王大", "360425196001010035", "13800000003"),
        ]);
        let names = |q: &str| -> Vec<String> {
            search(&t, q, 10)
                .iter()
                .map(|h| {
                    t.households[0]
                        .members
                        .iter()
                        .find(|m| m.id == h.resident_id)
                        .unwrap()
                        .name
                        .clone()
                })
                .collect()
        };
        let cases: &[(&str, &[&str])] = &[
            ("zcs", &["朱春生", "丁春生"]), // 丁 read zhēng comes after the usual reading
            ("dcs", &["丁春生"]),
            ("王大", &["王大", "王大爷"]),
            ("wd", &["王大", "王大爷"]),
            ("wdy", &["王大爷"]),
            ("002x", &["王大爷"]),
            ("1111", &["王大爷"]),
            ("春生", &["丁春生", "朱春生"]),
            ("", &[]),
            ("qqq", &[]),
        ];
        for (q, want) in cases {
            assert_eq!(
                names(q),
                want.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
                "query {q:?}"
            );
        }
    }
}
