//! Finding people (issue 4 §3): by name, by pinyin initials (王大爷 → wdy,
//! every reading of a character with several), by the tail of an ID number or
//! phone. Pure: the caller passes the residents to search. Also the pinyin
//! order names are sorted in (issue 10 item 12).

use crate::domain::model::{Relation, Resident, Township};
use pinyin::{ToPinyin, ToPinyinMulti};

/// How a resident matched, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MatchKind {
    /// The provincial health-record number 档案编号, whole (issue 28 item 1).
    RecordNo,
    /// The provincial household number 户编号, whole: each member of that
    /// household, the head first (issue 28 item 1).
    HouseholdNo,
    ExactName,
    NamePrefix,
    NameContains,
    /// Every character by its usual reading (a surname by its reading as a surname: 单 shàn).
    Initials,
    InitialsPrefix,
    /// Some character by another of its readings (单 as dān, 曾 as céng).
    InitialsOtherReading,
    InitialsOtherReadingPrefix,
    /// Spelled in full pinyin, with or without spaces, each character by its
    /// whole reading or its start (zhangsan, zhang san, zsan, zhangs for 张三;
    /// issue 25 item 15), by the usual readings: ranked after exact initials.
    Pinyin,
    PinyinPrefix,
    /// Spelled with another reading of some character (单 as dan).
    PinyinOtherReading,
    PinyinOtherReadingPrefix,
    /// One letter off (a typo, or n/l, f/h mixed up): shown marked as fuzzy.
    InitialsFuzzy,
    InitialsFuzzyPrefix,
    IdTail,
    PhoneTail,
}

impl MatchKind {
    /// Not a match by the usual readings: a near miss, or a rarer reading of
    /// some character (the pinyin tables hold obscure ones: 杜 tǔ). The
    /// search list marks it, so an exact hit is never mistaken for it.
    pub fn is_fuzzy(self) -> bool {
        matches!(
            self,
            MatchKind::InitialsFuzzy
                | MatchKind::InitialsFuzzyPrefix
                | MatchKind::InitialsOtherReading
                | MatchKind::InitialsOtherReadingPrefix
                | MatchKind::PinyinOtherReading
                | MatchKind::PinyinOtherReadingPrefix
        )
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub resident_id: i64,
    pub household_id: i64,
    pub how: MatchKind,
    /// One letter of the initials off: the list marks the row (~).
    pub fuzzy: bool,
}

/// Surnames read otherwise than the character's usual reading (单 is dān in
/// 简单 but shàn as a surname). As the first character of a name, this reading
/// is the usual one: it ranks first in search and sets the sort order.
const SURNAME_READINGS: &[(char, &str)] = &[
    ('单', "shan4"),
    ('曾', "zeng1"),
    ('解', "xie4"),
    ('区', "ou1"),
    ('仇', "qiu2"),
    ('朴', "piao2"),
    ('查', "zha1"),
    ('重', "chong2"),
    ('种', "chong2"),
    ('乐', "yue4"),
    ('翟', "zhai2"),
    ('覃', "qin2"),
    ('缪', "miao4"),
    ('盖', "ge3"),
    ('召', "shao4"),
    ('秘', "bi4"),
    ('黑', "he4"),
    ('宿', "su4"),
];

fn surname_reading(c: char) -> Option<&'static str> {
    SURNAME_READINGS
        .iter()
        .find(|(s, _)| *s == c)
        .map(|(_, r)| *r)
}

/// Characters read in names otherwise than their usual reading, wherever they
/// stand: 长 is zhǎng in 长大 but cháng in 长庚, 长生, 长春 (issue 25 item 15).
const NAME_READINGS: &[(char, &str)] = &[('长', "chang2")];

/// The reading that comes first for the character at `i` of a name: a
/// surname's reading as a surname, a name character's reading in names.
fn name_reading(i: usize, c: char) -> Option<&'static str> {
    surname_reading(c)
        .filter(|_| i == 0)
        .or_else(|| NAME_READINGS.iter().find(|(s, _)| *s == c).map(|(_, r)| *r))
}

/// Each character's readings in plain pinyin (no tone; ü as v), the usual
/// one first (a surname's as a surname, [`NAME_READINGS`] in names), every
/// other reading after; a letter or digit stands for itself; a character
/// without a reading has none.
pub fn readings(name: &str) -> Vec<Vec<String>> {
    name.chars()
        .zip(name.to_pinyin_multi())
        .enumerate()
        .map(|(i, (c, multi))| {
            let mut v: Vec<String> = Vec::new();
            // ü typed as v (lv) or u (lu)
            let mut add = |r: &str| {
                let r: String = r
                    .chars()
                    .filter(|c| c.is_ascii_alphabetic() || *c == 'ü')
                    .collect();
                for r in [r.replace('ü', "v"), r.replace('ü', "u")] {
                    if !r.is_empty() && !v.contains(&r) {
                        v.push(r);
                    }
                }
            };
            if let Some(r) = name_reading(i, c) {
                add(r);
            }
            match multi {
                Some(m) => m.into_iter().for_each(|p| add(p.plain())),
                None if c.is_ascii_alphanumeric() => {
                    v.push(c.to_ascii_lowercase().to_string());
                }
                None => {}
            }
            v
        })
        .collect()
}

/// How `query` (lower-case letters, spaces ignored) spells a name in pinyin
/// (issue 25 item 15): each character in turn by the start of one of its
/// readings — the whole reading or as little as its first letter — so
/// "zhangsan", "zhang san", "zhangs" and "zsan" all spell 张三. A query that
/// ends before the name does is a prefix match.
pub fn pinyin_match(query: &str, readings: &[Vec<String>]) -> Option<MatchKind> {
    let q: Vec<u8> = query.bytes().filter(|b| *b != b' ').collect();
    if q.is_empty() {
        return None;
    }
    // the best (usual readings, whole name) spelling of q[pos..] from character i
    fn best(q: &[u8], pos: usize, i: usize, readings: &[Vec<String>]) -> Option<(bool, bool)> {
        if pos == q.len() {
            return Some((true, i == readings.len()));
        }
        let set = readings.get(i)?;
        let mut found: Option<(bool, bool)> = None;
        for (k, r) in set.iter().enumerate() {
            let r = r.as_bytes();
            let mut l = 0;
            while l < r.len() && pos + l < q.len() && r[l] == q[pos + l] {
                l += 1;
                if let Some((usual, whole)) = best(q, pos + l, i + 1, readings) {
                    // the usual reading, however ü was typed (lv, lu)
                    let first = k == 0 || set[k] == set[0].replace('v', "u");
                    let got = (usual && first, whole);
                    // usual readings first, then the whole name
                    if found.is_none_or(|f| (!got.0, !got.1) < (!f.0, !f.1)) {
                        found = Some(got);
                    }
                }
            }
        }
        found
    }
    let (usual, whole) = best(&q, 0, 0, readings)?;
    Some(match (usual, whole) {
        (true, true) => MatchKind::Pinyin,
        (true, false) => MatchKind::PinyinPrefix,
        (false, true) => MatchKind::PinyinOtherReading,
        (false, false) => MatchKind::PinyinOtherReadingPrefix,
    })
}

/// The possible initial letters of each character of `name` (lower case), the
/// usual reading's first; for the first character (the surname) its reading as
/// a surname is the usual one. Characters with several readings give each
/// one's initial (单: s, d, c); a letter or digit stands for itself;
/// characters without a reading give none.
pub fn initials(name: &str) -> Vec<Vec<char>> {
    name.chars()
        .zip(name.to_pinyin_multi())
        .enumerate()
        .map(|(i, (c, multi))| {
            let mut v: Vec<char> = Vec::new();
            if let Some(r) = name_reading(i, c).and_then(|r| r.chars().next()) {
                v.push(r);
            }
            match multi {
                Some(m) => {
                    for c in m.into_iter().filter_map(|p| p.plain().chars().next()) {
                        if !v.contains(&c) {
                            v.push(c);
                        }
                    }
                }
                None if c.is_ascii_alphanumeric() => v.push(c.to_ascii_lowercase()),
                None => {}
            }
            v
        })
        .collect()
}

/// The name `typed` completes to among `names` (most used first; issue 27:
/// drug names in the follow-up form): the name itself when typed in full,
/// else the first that begins with what was typed, by its characters, its
/// pinyin initials (aldp: 氨氯地平) or its pinyin (anlv: 氨氯地平); `None`
/// when none does (a drug new to the township keeps its name as typed).
pub fn complete<'a>(typed: &str, names: &'a [String]) -> Option<&'a str> {
    let t = typed.trim();
    if t.is_empty() {
        return None;
    }
    if let Some(n) = names.iter().find(|n| n.as_str() == t) {
        return Some(n);
    }
    let q = t.to_lowercase();
    let letters = q.chars().all(|c| c.is_ascii_lowercase());
    names
        .iter()
        .find(|n| n.to_lowercase().starts_with(&q))
        .or_else(|| {
            names.iter().find(|n| {
                let ini = initials(n);
                letters
                    && ((q.chars().count() <= ini.len()
                        && q.chars().zip(&ini).all(|(c, set)| set.contains(&c)))
                        || pinyin_match(&q, &readings(n)).is_some())
            })
        })
        .map(String::as_str)
}

/// The key names sort by: each character's pinyin with its tone (the usual
/// reading; a surname's reading as a surname), then the character itself, so
/// 阿 (a1) comes before 张 (zhang1), 李 (li3) before 林 (lin2), and two
/// characters of one reading stay apart. Not by code point: 张 U+5F20 is
/// below 阿 U+963F.
pub fn name_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len() * 3);
    for (i, (c, p)) in name.chars().zip(name.to_pinyin()).enumerate() {
        let reading = name_reading(i, c).or_else(|| p.map(|p| p.with_tone_num_end()));
        match reading {
            Some(r) => {
                key.push_str(r);
                // the neutral tone has no digit: after the four tones
                if !r.ends_with(|d: char| d.is_ascii_digit()) {
                    key.push('5');
                }
            }
            None => key.extend(c.to_lowercase()),
        }
        key.push(c);
    }
    key
}

/// Compares names in pinyin order ([`name_key`]).
pub fn cmp_names(a: &str, b: &str) -> std::cmp::Ordering {
    name_key(a).cmp(&name_key(b))
}

/// How `query` (letters) matches the initials of a name, if it does: exactly
/// (by usual or other readings), or, for a query of three letters or more,
/// with one letter off.
fn initials_match(query: &str, sets: &[Vec<char>]) -> Option<MatchKind> {
    let q: Vec<char> = query.chars().collect();
    if q.is_empty() || q.len() > sets.len() {
        return None;
    }
    let whole = q.len() == sets.len();
    let misses = q
        .iter()
        .zip(sets)
        .filter(|(c, set)| !set.contains(c))
        .count();
    match misses {
        0 => {}
        1 if q.len() >= 3 => {
            return Some(if whole {
                MatchKind::InitialsFuzzy
            } else {
                MatchKind::InitialsFuzzyPrefix
            });
        }
        _ => return None,
    }
    let usual = q.iter().zip(sets).all(|(c, set)| set.first() == Some(c));
    Some(match (usual, whole) {
        (true, true) => MatchKind::Initials,
        (true, false) => MatchKind::InitialsPrefix,
        (false, true) => MatchKind::InitialsOtherReading,
        (false, false) => MatchKind::InitialsOtherReadingPrefix,
    })
}

/// Residents matching `query`, ranked (best first, then by name in pinyin
/// order), at most `limit`.
pub fn search(t: &Township, query: &str, limit: usize) -> Vec<Hit> {
    let q = query.trim();
    if q.is_empty() {
        return Vec::new();
    }
    // letters, with or without spaces between syllables ("zhang san")
    let letters = q.chars().all(|c| c.is_ascii_alphabetic() || c == ' ');
    let ql: String = q
        .chars()
        .filter(|c| *c != ' ')
        .collect::<String>()
        .to_ascii_lowercase();
    let digits = q
        .chars()
        .all(|c| c.is_ascii_digit() || c == 'x' || c == 'X');
    let mut hits: Vec<(MatchKind, &Resident)> = Vec::new();
    // the provincial numbers, whole, whatever their case
    let key = |n: &Option<String>| n.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(q));
    for h in &t.households {
        if key(&h.ext_no) {
            hits.extend(h.members.iter().map(|m| (MatchKind::HouseholdNo, m)));
        }
    }
    for m in t.households.iter().flat_map(|h| &h.members) {
        let how = if key(&m.record_no) {
            Some(MatchKind::RecordNo)
        } else if hits.iter().any(|(_, r)| r.id == m.id) {
            None
        } else if m.name == q {
            Some(MatchKind::ExactName)
        } else if m.name.starts_with(q) {
            Some(MatchKind::NamePrefix)
        } else if m.name.contains(q) {
            Some(MatchKind::NameContains)
        } else if letters {
            // exact initials first, then full pinyin, then one letter off
            let sets = initials(&m.name);
            match initials_match(&ql, &sets) {
                Some(k) if k < MatchKind::Pinyin => Some(k),
                // spelled from the first character on: its initial first
                fuzzy if sets.first().is_some_and(|s| ql.starts_with(s.as_slice())) => {
                    pinyin_match(&ql, &readings(&m.name)).or(fuzzy)
                }
                fuzzy => fuzzy,
            }
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
    // a household's members found by its number: the head first
    hits.sort_by_cached_key(|(how, m)| {
        let member = *how == MatchKind::HouseholdNo && m.relation != Relation::Head;
        (*how, !m.status.is_active(), member, name_key(&m.name), m.id)
    });
    hits.into_iter()
        .take(limit)
        .map(|(how, m)| Hit {
            resident_id: m.id,
            household_id: m.household_id,
            how,
            fuzzy: how.is_fuzzy(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use MatchKind::*;

    /// Initials of names, every reading of the polyphonic surnames among them:
    /// the surname's reading as a surname is the usual one (单 shàn, 曾 zēng,
    /// 解 xiè, 区 ōu, 仇 qiú, 查 zhā, 重 chóng); one letter off is fuzzy.
    #[test]
    fn initials_table() {
        let cases: &[(&str, &str, Option<MatchKind>)] = &[
            ("王大爷", "wdy", Some(Initials)),
            ("王大爷", "wd", Some(InitialsPrefix)),
            ("王大爷", "wdx", Some(InitialsFuzzy)),
            ("王大爷", "wxx", None),
            ("王大爷", "wx", None), // two letters: no fuzzy matching
            ("单丽", "sl", Some(Initials)),
            ("单丽", "dl", Some(InitialsOtherReading)),
            ("曾国强", "zgq", Some(Initials)),
            ("曾国强", "cgq", Some(InitialsOtherReading)),
            ("解福生", "xfs", Some(Initials)),
            ("解福生", "jfs", Some(InitialsOtherReading)),
            ("区明", "om", Some(Initials)),
            ("区明", "qm", Some(InitialsOtherReading)),
            ("重阳", "cy", Some(Initials)),
            ("重阳", "zy", Some(InitialsOtherReading)),
            ("仇英", "qy", Some(Initials)),
            ("仇英", "cy", Some(InitialsOtherReading)),
            ("朴树", "ps", Some(Initials)),
            ("查玉兰", "zyl", Some(Initials)),
            ("查玉兰", "cyl", Some(InitialsOtherReading)),
            // not a surname: the character's own usual reading
            ("简单", "jd", Some(Initials)),
            ("简单", "js", Some(InitialsOtherReading)),
            ("欧阳春花", "oych", Some(Initials)),
            ("欧阳春花", "oyc", Some(InitialsPrefix)),
            ("欧阳春花", "oxc", Some(InitialsFuzzyPrefix)),
            ("李秀英", "lxy", Some(Initials)),
            ("李秀英", "nxy", Some(InitialsFuzzy)), // n/l mixed up
            ("李秀英", "wxq", None),
        ];
        for (name, q, want) in cases {
            assert_eq!(
                initials_match(q, &initials(name)),
                *want,
                "{name} ~ {q}: {:?}",
                initials(name)
            );
        }
    }

    /// Names in pinyin order, not code-point order (issue 10 item 12).
    #[test]
    fn names_sort_by_pinyin() {
        let cases: &[(&str, &str)] = &[
            ("阿依", "张三"),   // a before zhang; 张 U+5F20 < 阿 U+963F
            ("白云", "陈红"),   // bai before chen
            ("李明", "林芳"),   // li before lin
            ("王大", "王大爷"), // a prefix first
            ("黎明", "李明"),   // li2 before li3
            ("单丽", "孙丽"),   // surname 单 is shan: before sun
            ("丁丽", "单丽"),   // ding before shan, though 单 reads dan elsewhere
            ("曾国强", "张强"), // surname 曾 is zeng: before zhang
            ("欧阳春花", "潘明"),
        ];
        for (a, b) in cases {
            assert!(
                cmp_names(a, b).is_lt(),
                "{a} before {b}: {} {}",
                name_key(a),
                name_key(b)
            );
            assert!(cmp_names(b, a).is_gt(), "{b} after {a}");
        }
        assert!(cmp_names("王大", "王大").is_eq());
        let mut v = vec!["张三", "阿依", "赵六", "陈红", "白云"];
        v.sort_by(|a, b| cmp_names(a, b));
        assert_eq!(v, ["阿依", "白云", "陈红", "张三", "赵六"]);
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

    /// Each query's hits (name, how, marked) are the ones wanted, in order;
    /// a hit by a rarer reading or one letter off is marked.
    fn check(t: &Township, cases: &[(&str, &[(&str, MatchKind)])]) {
        for (q, want) in cases {
            let got: Vec<(String, MatchKind, bool)> = search(t, q, 10)
                .iter()
                .map(|h| {
                    let m = t.households[0]
                        .members
                        .iter()
                        .find(|m| m.id == h.resident_id)
                        .unwrap();
                    (m.name.clone(), h.how, h.fuzzy)
                })
                .collect();
            let want: Vec<(String, MatchKind, bool)> = want
                .iter()
                .map(|(n, k)| (n.to_string(), *k, k.is_fuzzy()))
                .collect();
            assert_eq!(got, want, "query {q:?}");
        }
    }

    /// Ranked: exact name, prefix, usual-reading initials, other readings,
    /// one letter off (marked), ID tail, phone tail; ties in pinyin order.
    #[test]
    fn ranking_table() {
        let t = town(&[
            ("丁春生", "360425196001010011", "13800000001"),
            ("朱春生", "360425196001010027", "13800000002"),
            ("王大爷", "11010519491231002X", "13807921111"),
            ("王大", "360425196001010035", "13800000003"),
            ("单丽", "360425196001010043", "13800000004"),
            ("丁丽", "360425196001010051", "13800000005"),
            ("孙丽", "360425196001010060", "13800000006"),
            ("阿春生", "360425196001010078", "13800000007"),
            ("李秀英", "360425196001010086", "13800000008"),
            ("倪秀英", "360425196001010094", "13800000009"),
        ]);
        use MatchKind::*;
        let cases: &[(&str, &[(&str, MatchKind)])] = &[
            // 丁 read zhēng comes after the usual reading
            (
                "zcs",
                &[
                    ("朱春生", Initials),
                    ("丁春生", InitialsOtherReading),
                    ("阿春生", InitialsFuzzy),
                ],
            ),
            (
                "dcs",
                &[
                    ("丁春生", Initials),
                    ("阿春生", InitialsFuzzy),
                    ("朱春生", InitialsFuzzy),
                ],
            ),
            ("王大", &[("王大", ExactName), ("王大爷", NamePrefix)]),
            ("wd", &[("王大", Initials), ("王大爷", InitialsPrefix)]),
            ("wdy", &[("王大爷", Initials)]),
            // 单 as a surname is shàn: a usual-reading match, ranked with 孙丽 in
            // pinyin order; as dān it ranks after 丁丽's usual reading
            ("sl", &[("单丽", Initials), ("孙丽", Initials)]),
            ("dl", &[("丁丽", Initials), ("单丽", InitialsOtherReading)]),
            // exact initials above one letter off, which is marked
            ("nxy", &[("倪秀英", Initials), ("李秀英", InitialsFuzzy)]),
            ("lxy", &[("李秀英", Initials), ("倪秀英", InitialsFuzzy)]),
            ("002x", &[("王大爷", IdTail)]),
            ("1111", &[("王大爷", PhoneTail)]),
            // names in pinyin order: 阿 (a) before 丁 (ding) before 朱 (zhu)
            (
                "春生",
                &[
                    ("阿春生", NameContains),
                    ("丁春生", NameContains),
                    ("朱春生", NameContains),
                ],
            ),
            ("", &[]),
            ("qqq", &[]),
        ];
        check(&t, cases);
    }

    /// Full pinyin (issue 25 item 15): with or without spaces, mixed with
    /// initials (zhangs, zsan), every reading of a heteronym (the usual one
    /// first: 单 as a surname is shàn, 长 in a name cháng), ranked after exact
    /// initials; other readings are marked as initials' are.
    #[test]
    fn full_pinyin_table() {
        let t = town(&[
            ("张三", "360425196001010011", "13800000001"),
            ("单小龙", "360425196001010027", "13800000002"),
            ("王长庚", "360425196001010035", "13800000003"),
            ("白安娜", "360425196001010043", "13800000004"),
            ("班长", "360425196001010051", "13800000005"),
            ("吕梅", "360425196001010060", "13800000006"),
        ]);
        use MatchKind::*;
        let cases: &[(&str, &[(&str, MatchKind)])] = &[
            ("zhangsan", &[("张三", Pinyin)]),
            ("zhang san", &[("张三", Pinyin)]),
            ("ZhangSan", &[("张三", Pinyin)]),
            ("zhangs", &[("张三", Pinyin)]),
            ("zsan", &[("张三", Pinyin)]),
            ("zs", &[("张三", Initials)]),
            ("zhang", &[("张三", PinyinPrefix)]),
            ("shanxiaolong", &[("单小龙", Pinyin)]),
            ("shan xiao long", &[("单小龙", Pinyin)]),
            ("danxiaolong", &[("单小龙", PinyinOtherReading)]),
            ("shanx", &[("单小龙", PinyinPrefix)]),
            ("wangchanggeng", &[("王长庚", Pinyin)]),
            ("wangzhanggeng", &[("王长庚", PinyinOtherReading)]),
            ("wcg", &[("王长庚", Initials)]),
            // exact initials (白安娜) before full pinyin (班长)
            ("ban", &[("白安娜", Initials), ("班长", PinyinPrefix)]),
            ("banzhang", &[("班长", PinyinOtherReading)]),
            ("banchang", &[("班长", Pinyin)]),
            ("lvmei", &[("吕梅", Pinyin)]),
            ("lumei", &[("吕梅", Pinyin)]),
            ("zhangsanfeng", &[]),
            ("xiaolong", &[]),
        ];
        check(&t, cases);
    }

    /// The provincial numbers (issue 28 item 1): a resident by their whole
    /// 档案编号, a household's members by its whole 户编号 (the head first),
    /// either in any case; a part of a number finds nothing by it.
    #[test]
    fn provincial_numbers_table() {
        let mut t = town(&[
            ("陈小二", "360425200003030035", "13800000001"),
            ("陈二", "36042519720202002X", "13800000002"),
            ("王大爷", "360425194803150117", "13800000003"),
        ]);
        let h = &mut t.households[0];
        h.ext_no = Some("H00002".into());
        h.members[0].relation = Relation::Child;
        h.members[2].record_no = Some("3604250010002".into());
        use MatchKind::*;
        let cases: &[(&str, &[(&str, MatchKind)])] = &[
            ("3604250010002", &[("王大爷", RecordNo)]),
            (
                "H00002",
                &[
                    ("陈二", HouseholdNo),
                    ("王大爷", HouseholdNo),
                    ("陈小二", HouseholdNo),
                ],
            ),
            (
                "h00002",
                &[
                    ("陈二", HouseholdNo),
                    ("王大爷", HouseholdNo),
                    ("陈小二", HouseholdNo),
                ],
            ),
            ("H0000", &[]),
        ];
        check(&t, cases);
    }
}
