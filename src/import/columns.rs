//! Which columns each kind of file has: the Chinese header gridcare writes,
//! and the English aliases it also reads (README, "Importing").

use crate::domain::record::{self, RecordField};
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Kind {
    Residents,
    Households,
    Conditions,
    Visits,
}

macro_rules! fields {
    (
        { $($f:ident: $zh:literal, [$($alias:literal),*];)+ }
        $($r:ident = $code:literal, $rzh:literal, $ren:literal, [$($ralias:literal),*];)+
    ) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Field { $($f,)+ $($r,)+ }
        impl Field {
            pub const ALL: &'static [Field] = &[$(Field::$f,)+ $(Field::$r,)+];
            /// The header gridcare writes.
            pub fn header(self) -> &'static str {
                match self { $(Field::$f => $zh,)+ $(Field::$r => $rzh,)+ }
            }
            pub fn aliases(self) -> &'static [&'static str] {
                match self { $(Field::$f => &[$($alias),*],)+ $(Field::$r => &[$($ralias),*],)+ }
            }
            /// The column of one of the national record's fields.
            pub fn of_record(f: RecordField) -> Field {
                match f { $(RecordField::$r => Field::$r,)+ }
            }
        }
    };
}

// The columns of every kind of file: those of the national record's
// follow-up come from its one list (`domain::record::national_record_fields`).
record::national_record_fields!(fields! {
    HouseholdNo: "户编号", ["household_no", "household_id", "户号"];
    Village: "村", ["village", "村名", "村（社区）"];
    Grid: "网格", ["grid", "网格名"];
    Address: "地址", ["address", "住址", "家庭住址"];
    HeadName: "户主姓名", ["head_name", "户主"];
    Name: "姓名", ["name"];
    IdNumber: "身份证号", ["id_number", "身份证号码", "公民身份号码"];
    RecordNo: "档案编号", ["record_no", "健康档案编号", "个人档案编号", "居民健康档案编号"];
    Sex: "性别", ["sex", "gender"];
    BirthDate: "出生日期", ["birth_date", "birthday"];
    Phone: "联系电话", ["phone", "电话", "手机号"];
    Relation: "与户主关系", ["relation"];
    LivesAlone: "独居无人照护", ["lives_alone", "独居"];
    Disabled: "残疾", ["disabled"];
    SeriouslyIll: "重病", ["seriously_ill"];
    Registered: "登记日期", ["registered_on"];
    Condition: "病种", ["condition", "疾病"];
    Hypertension: "高血压", ["hypertension"];
    Diabetes: "糖尿病", ["diabetes"];
    DiagnosedOn: "确诊日期", ["diagnosed_on"];
    ManagedFrom: "纳入管理日期", ["managed_from"];
    VisitDate: "随访日期", ["visit_date", "date"];
    VisitKind: "随访类型", ["kind", "visit_kind"];
    Reason: "原因", ["reason", "拒绝原因"];
    Bp: "血压", ["bp", "血压(mmHg)", "血压（mmHg）"];
    Symptoms: "症状", ["symptoms", "目前症状"];
    Medication: "用药情况", ["medication", "medicines", "用药"];
});

impl Kind {
    /// The columns gridcare writes for this kind, in order.
    pub fn columns(self) -> &'static [Field] {
        use Field::*;
        match self {
            Kind::Households => &[HouseholdNo, Village, Grid, Address, HeadName, Registered],
            Kind::Residents => &[
                HouseholdNo,
                Village,
                Grid,
                Address,
                Name,
                IdNumber,
                Sex,
                BirthDate,
                Phone,
                Relation,
                LivesAlone,
                Disabled,
                SeriouslyIll,
                Registered,
                // the province's own key, last: the columns before keep their places
                RecordNo,
            ],
            Kind::Conditions => &[IdNumber, Name, Condition, DiagnosedOn, ManagedFrom],
            // the national forms' order (domain.md §3, "The follow-up record")
            Kind::Visits => &[
                IdNumber,
                Name,
                VisitDate,
                VisitKind,
                Mode,
                Symptoms,
                SymptomsOther,
                Sbp,
                Dbp,
                Weight,
                WeightTarget,
                Height,
                Hr,
                OtherSigns,
                FootPulse,
                Cigarettes,
                CigarettesTarget,
                Alcohol,
                AlcoholTarget,
                ExTimes,
                ExTimesTarget,
                ExMinutes,
                ExMinutesTarget,
                Salt,
                SaltTarget,
                Staple,
                StapleTarget,
                Psychology,
                Compliance,
                Fpg,
                Hba1c,
                Hba1cOn,
                OtherTests,
                Adherence,
                Adverse,
                AdverseWhat,
                Hypoglycaemia,
                Complication,
                Medication,
                RefFacility,
                RefDepartment,
                NextVisit,
                VisitedBy,
                Notes,
            ],
        }
    }

    /// Columns a file of this kind cannot do without.
    pub fn required(self) -> &'static [Field] {
        use Field::*;
        match self {
            Kind::Households => &[Village, Address],
            Kind::Residents => &[Name, IdNumber],
            // no 确诊日期: the diagnosis date is unknown (issue 28 item 3)
            Kind::Conditions => &[IdNumber],
            Kind::Visits => &[IdNumber, VisitDate],
        }
    }

    /// Columns read besides `columns()`.
    fn extra(self) -> &'static [Field] {
        match self {
            Kind::Conditions => &[Field::Hypertension, Field::Diabetes],
            // 血压 as the form writes it, 150/95 in one cell
            Kind::Visits => &[Field::Bp],
            // 户主姓名 makes the named resident the head, and the register's
            // condition flags create or confirm conditions (README, issue 28 item 3)
            Kind::Residents => &[Field::HeadName, Field::Hypertension, Field::Diabetes],
            _ => &[],
        }
    }

    /// The file's name in the default reject file name and messages.
    pub fn noun(self, zh: bool) -> &'static str {
        match (self, zh) {
            (Kind::Residents, true) => "居民",
            (Kind::Households, true) => "家庭户",
            (Kind::Conditions, true) => "慢病",
            (Kind::Visits, true) => "随访",
            (Kind::Residents, false) => "residents",
            (Kind::Households, false) => "households",
            (Kind::Conditions, false) => "conditions",
            (Kind::Visits, false) => "visits",
        }
    }
}

/// Whether a normalised header names `f`.
fn names(f: Field, n: &str) -> bool {
    normal(f.header()) == n || f.aliases().iter().any(|a| normal(a) == n)
}

fn normal(h: &str) -> String {
    h.trim()
        .trim_start_matches('\u{feff}')
        .trim_end_matches(['*', '＊'])
        .replace([' ', '\u{3000}'], "")
        .to_lowercase()
}

/// Maps a file's headers to fields: (field → column index), and the headers
/// it does not know (reported, then ignored).
pub fn map_headers(kind: Kind, headers: &[String]) -> (HashMap<Field, usize>, Vec<String>) {
    map_headers_with(kind, headers, &HashMap::new())
}

impl Kind {
    /// Every field a file of this kind is read for.
    pub fn reads(self) -> impl Iterator<Item = Field> {
        self.columns().iter().chain(self.extra()).copied()
    }

    /// The field of this kind a name chosen by the coordinator means (its
    /// header or an alias, as a file's header would name it).
    pub fn field_named(self, name: &str) -> Option<Field> {
        let n = normal(name);
        self.reads().find(|f| names(*f, &n))
    }
}

/// As `map_headers`, with the coordinator's own mappings (a file's header →
/// the header of the field it holds, issue 28 item 3) read first.
pub fn map_headers_with(
    kind: Kind,
    headers: &[String],
    chosen: &HashMap<String, String>,
) -> (HashMap<Field, usize>, Vec<String>) {
    let chosen: HashMap<String, &String> = chosen.iter().map(|(h, f)| (normal(h), f)).collect();
    let mut map = HashMap::new();
    let mut unknown = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        let n = normal(h);
        if n.is_empty() {
            continue;
        }
        let mapped = chosen.get(&n).and_then(|f| kind.field_named(f));
        let found = mapped.as_ref().or_else(|| {
            kind.columns()
                .iter()
                .chain(kind.extra())
                .chain([&Field::Reason])
                .find(|f| names(**f, &n))
        });
        match found {
            Some(f) => {
                map.entry(*f).or_insert(i);
            }
            None => unknown.push(h.trim().to_string()),
        }
    }
    (map, unknown)
}

/// The kinds of file that read a header this kind does not (收缩压 is read
/// by visits), for the report's note on a column not read.
pub fn read_by(h: &str) -> Vec<Kind> {
    let n = normal(h);
    [
        Kind::Residents,
        Kind::Households,
        Kind::Conditions,
        Kind::Visits,
    ]
    .into_iter()
    .filter(|k| k.reads().any(|f| names(f, &n)))
    .collect()
}

/// Whether a header names a column of any kind.
pub fn is_known(h: &str) -> bool {
    let n = normal(h);
    !n.is_empty() && Field::ALL.iter().any(|f| names(*f, &n))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The national record's fields are listed once (issue 26): each has one
    /// column of a visits file, under the header and aliases of the list, and
    /// the column leads back to the field; no two fields share a column.
    #[test]
    fn every_record_field_is_one_visits_column_from_the_one_list() {
        let visits = Kind::Visits.columns();
        let mut seen = std::collections::HashSet::new();
        for &f in RecordField::ALL {
            let col = Field::of_record(f);
            assert!(seen.insert(col), "{f:?} shares a column");
            assert_eq!(col.header(), f.zh(), "{f:?}");
            assert_eq!(col.aliases(), f.aliases(), "{f:?}");
            assert!(
                visits.contains(&col),
                "{f:?} is not written in a visits file"
            );
            assert_eq!(RecordField::from_code(f.code()), Some(f));
            assert_eq!(record::field_name(f.code()), (f.zh(), f.en()));
        }
    }
}
