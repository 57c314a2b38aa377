//! Resident ID numbers 居民身份证号码 (GB 11643; domain.md §9).

use super::model::Sex;
use chrono::NaiveDate;

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("ID number must have 18 characters (or the old 15 digits), this one has {0}")]
    WrongLength(usize),
    #[error("ID number may hold only digits, with X as the last character; found {0:?}")]
    NotDigits(char),
    #[error("ID number holds an impossible birth date {0}")]
    BadDate(String),
    #[error("ID number gives a birth date {0} in the future; re-read the card")]
    FutureBirth(NaiveDate),
    #[error(
        "ID number check character is wrong: expected {expected}, found {found}; re-read the card"
    )]
    WrongCheck { expected: char, found: char },
}

/// A valid ID number in its 18-character form, with what it tells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdNumber {
    pub number: String,
    pub birth_date: NaiveDate,
    pub sex: Sex,
}

/// The check character of the first 17 digits.
pub fn check_char(first17: &str) -> char {
    let sum: u32 = first17
        .chars()
        .zip(WEIGHTS)
        .map(|(c, w)| c.to_digit(10).unwrap_or(0) * w)
        .sum();
    CHECK_CHARS[(sum % 11) as usize]
}

/// Parses and validates an ID number as typed or imported on `today`. Spaces
/// are ignored, a lower-case x is read as X (and stored upper-case), a
/// 15-digit number is upgraded to 18 (inserting "19"), and a birth date after
/// `today` is refused.
pub fn parse(input: &str, today: NaiveDate) -> Result<IdNumber, IdError> {
    // full-width digits and Ｘ as the interface converts them as typed
    let s: String = input
        .chars()
        .map(crate::text::halfwidth)
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    let n = s.chars().count();
    if n != 18 && n != 15 {
        return Err(IdError::WrongLength(n));
    }
    for (i, c) in s.chars().enumerate() {
        let last18 = n == 18 && i == 17;
        if !(c.is_ascii_digit() || (last18 && c == 'X')) {
            return Err(IdError::NotDigits(c));
        }
    }
    let s = if n == 15 { upgrade15(&s) } else { s };
    let birth = &s[6..14];
    let birth_date = NaiveDate::parse_from_str(birth, "%Y%m%d")
        .map_err(|_| IdError::BadDate(birth.to_string()))?;
    if birth_date > today {
        return Err(IdError::FutureBirth(birth_date));
    }
    let expected = check_char(&s[..17]);
    let found = s.chars().nth(17).unwrap_or(' ');
    if expected != found {
        return Err(IdError::WrongCheck { expected, found });
    }
    let seq = s.as_bytes()[16] - b'0';
    let sex = if seq % 2 == 1 { Sex::Male } else { Sex::Female };
    Ok(IdNumber {
        number: s,
        birth_date,
        sex,
    })
}

/// Upgrades an old 15-digit number (YYMMDD, no check digit) to 18 characters.
/// The caller has checked that `old` is 15 ASCII digits.
pub fn upgrade15(old: &str) -> String {
    let first17 = format!("{}19{}", &old[..6], &old[6..]);
    let c = check_char(&first17);
    format!("{first17}{c}")
}

/// Builds a valid number from its parts (used by the demo generator and tests).
pub fn compose(area: &str, birth: NaiveDate, seq: u16) -> String {
    let first17 = format!("{area}{}{:03}", birth.format("%Y%m%d"), seq % 1000);
    let c = check_char(&first17);
    format!("{first17}{c}")
}

/// The form printed on task lists: area code and the last four kept.
pub fn mask(number: &str) -> String {
    let chars: Vec<char> = number.chars().collect();
    if chars.len() < 10 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..6].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 10))
}

/// Checks typed birth date and sex against the number (domain.md §9: a mismatch is an error).
pub fn agrees(id: &IdNumber, birth: NaiveDate, sex: Sex) -> Result<(), String> {
    if id.birth_date != birth {
        return Err(format!(
            "birth date {birth} does not match the ID number, which says {}",
            id.birth_date
        ));
    }
    if id.sex != sex {
        return Err(format!(
            "sex {} does not match the ID number, which says {}",
            sex.code(),
            id.sex.code()
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// domain.md §9, table-driven: each input and what parse must say of it.
    #[test]
    fn parse_table_gb11643() {
        let cases: &[(&str, Result<(&str, &str, Sex), IdError>)] = &[
            (
                "11010519491231002X",
                Ok(("11010519491231002X", "1949-12-31", Sex::Female)),
            ),
            (
                "11010519491231002x",
                Ok(("11010519491231002X", "1949-12-31", Sex::Female)),
            ), // lower-case x
            (
                "110105 19491231 002X",
                Ok(("11010519491231002X", "1949-12-31", Sex::Female)),
            ),
            (
                "110105491231002",
                Ok(("11010519491231002X", "1949-12-31", Sex::Female)),
            ), // 15-digit form
            (
                "360425195003150013",
                Err(IdError::WrongCheck {
                    expected: check_char("36042519500315001"),
                    found: '3',
                }),
            ),
            ("11010519491231002Y", Err(IdError::NotDigits('Y'))),
            ("1101051949123100", Err(IdError::WrongLength(16))),
            ("110105194912310021X", Err(IdError::WrongLength(19))),
            ("", Err(IdError::WrongLength(0))),
            (
                "  11010519491231002x\t",
                Ok(("11010519491231002X", "1949-12-31", Sex::Female)),
            ), // surrounding spaces trimmed, lower-case x stored upper-case
            ("1101051949A231002X", Err(IdError::NotDigits('A'))),
            ("X10105194912310021", Err(IdError::NotDigits('X'))), // X only last
            (
                "110105199902300011",
                Err(IdError::BadDate("19990230".into())),
            ), // impossible date
        ];
        for (input, want) in cases {
            let got =
                parse(input, d("2026-11-20")).map(|i| (i.number.clone(), i.birth_date, i.sex));
            let want = want.clone().map(|(n, b, s)| (n.to_string(), d(b), s));
            assert_eq!(got, want, "input {input:?}");
        }
    }

    /// §9 (issue 8, item 9): a birth date after the as-of date is refused;
    /// one on the day itself (a newborn) is accepted.
    #[test]
    fn id_numbers_birth_in_the_future_refused() {
        let today = d("2026-11-20");
        let cases = [
            ("2026-11-20", Ok(d("2026-11-20"))),
            ("2026-11-21", Err(IdError::FutureBirth(d("2026-11-21")))),
            ("2030-01-01", Err(IdError::FutureBirth(d("2030-01-01")))),
        ];
        for (birth, want) in cases {
            let n = compose("360425", d(birth), 12);
            assert_eq!(parse(&n, today).map(|i| i.birth_date), want, "{birth}");
            let lower = n.to_lowercase();
            assert_eq!(
                parse(&format!(" {lower} "), today).map(|i| i.birth_date),
                want
            );
        }
    }

    #[test]
    fn wrong_check_character_names_the_right_one() {
        let e = parse("110105194912310021", d("2026-11-20")).unwrap_err();
        assert_eq!(
            e,
            IdError::WrongCheck {
                expected: 'X',
                found: '1'
            }
        );
        assert!(e.to_string().contains("expected X"));
    }

    #[test]
    fn sex_from_sequence_parity() {
        for seq in [1u16, 2, 3, 998, 999] {
            let n = compose("360425", d("1960-02-29"), seq);
            let id = parse(&n, d("2026-11-20")).unwrap();
            assert_eq!(
                id.sex,
                if seq % 2 == 1 { Sex::Male } else { Sex::Female },
                "{n}"
            );
            assert_eq!(id.birth_date, d("1960-02-29"));
        }
    }

    #[test]
    fn masking_keeps_area_and_tail() {
        assert_eq!(mask("11010519491231002X"), "110105********002X");
        assert_eq!(mask("123"), "***");
    }

    #[test]
    fn typed_facts_must_agree() {
        let id = parse("11010519491231002X", d("2026-11-20")).unwrap();
        assert!(agrees(&id, d("1949-12-31"), Sex::Female).is_ok());
        assert!(
            agrees(&id, d("1949-12-30"), Sex::Female)
                .unwrap_err()
                .contains("1949-12-31")
        );
        assert!(agrees(&id, d("1949-12-31"), Sex::Male).is_err());
    }
}
